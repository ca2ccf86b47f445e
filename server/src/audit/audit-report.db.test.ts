import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { auditCsvHeader, auditLogCsv, csvCell } from './audit-csv.js';
import type { AuditEntryInput } from './audit-entry.js';
import {
  AUDIT_SORT_COLUMNS,
  accessesToPatient,
  searchAuditLog,
  type AuditLogRow,
  type AuditSearch,
  type AuditSortField,
} from './audit-report.js';
import { auditEntry } from './audit-test-helpers.js';
import { AuditWriter } from './audit-writer.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const patient = randomUUID();
const clinician = randomUUID();
const nurse = randomUUID();
const parent = randomUUID();

/** A tenant whose log holds a small, known story about one patient. */
async function storyTenant(): Promise<string> {
  const { id } = await createTestTenant(db);
  const e = (o: Partial<AuditEntryInput>) => auditEntry(id, { patientId: patient, ...o });
  const writer = new AuditWriter(db);
  // One append per step, so the steps get increasing times and seqs.
  const steps: AuditEntryInput[] = [
    e({ actorUserId: patient, action: 'sign_in', outcome: 'success', dataCategory: 'account' }),
    e({ actorUserId: patient, action: 'read', resourceType: 'Observation' }),
    e({ actorUserId: clinician, action: 'read', resourceType: 'Condition' }),
    e({ actorUserId: clinician, action: 'update', outcome: 'success' }),
    e({ actorUserId: nurse, action: 'read', outcome: 'denied', reasonCode: 'no_relationship' }),
    e({ actorUserId: parent, onBehalfOfUserId: patient, action: 'read', purposeOfUse: 'PATRQT' }),
    e({ actorUserId: null, action: 'export', outcome: 'success', purposeOfUse: 'HOPERAT' }),
    e({ actorUserId: nurse, action: 'break_glass', breakGlass: true, purposeOfUse: 'ETREAT' }),
    auditEntry(id, { actorUserId: clinician, action: 'search', patientId: null }),
  ];
  for (const step of steps) {
    await writer.append([step]);
    await new Promise((resolve) => setTimeout(resolve, 3)); // distinct milliseconds
  }
  return id;
}

const search = (tenantId: string, query: AuditSearch) =>
  tenantTransaction(db, tenantId, (tx) => searchAuditLog(tx, query));

describe('the privacy officer’s report', () => {
  it('filters by user, patient, action, outcome and time', async () => {
    const t = await storyTenant();
    const all = await search(t, { sortDir: 'asc' });
    expect(all.rows).toHaveLength(9);
    expect(all.nextCursor).toBeUndefined();
    const actions = (q: AuditSearch) =>
      search(t, { ...q, sortDir: 'asc' }).then((p) => p.rows.map((r) => r.action));
    expect(await actions({ userId: clinician })).toEqual(['read', 'update', 'search']);
    // The user acted for counts too: the parent's read on the patient's behalf.
    expect(await actions({ userId: patient })).toEqual(['sign_in', 'read', 'read']);
    expect(await actions({ outcome: 'denied' })).toEqual(['read']);
    expect(await actions({ action: ['export', 'break_glass'] })).toEqual(['export', 'break_glass']);
    expect(await actions({ patientId: patient, action: 'read' })).toHaveLength(4);
    const third = all.rows[2] as AuditLogRow;
    const sixth = all.rows[5] as AuditLogRow;
    expect(await actions({ from: third.at, to: sixth.at })).toEqual(['read', 'update', 'read']);
  });

  it('sorts by any field either way and pages with a cursor, none skipped or repeated', async () => {
    const t = await storyTenant();
    for (const sortBy of Object.keys(AUDIT_SORT_COLUMNS) as AuditSortField[]) {
      for (const sortDir of ['asc', 'desc'] as const) {
        const seen: AuditLogRow[] = [];
        let cursor: string | undefined;
        do {
          const page = await search(t, {
            sortBy,
            sortDir,
            limit: 2,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.rows);
          cursor = page.nextCursor;
        } while (cursor);
        const key = (r: AuditLogRow) => `${r.chainId}/${r.seq}`;
        expect(new Set(seen.map(key)).size, `${sortBy} ${sortDir}`).toBe(9);
        // Non-null values come in order, nulls last.
        const values = seen.map((r) => r[sortBy]).map((v) => (v instanceof Date ? v.getTime() : v));
        const present = values.filter((v) => v !== null);
        const sorted = [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(present, `${sortBy} ${sortDir}`).toEqual(
          sortDir === 'asc' ? sorted : sorted.reverse(),
        );
        expect(values.slice(present.length).every((v) => v === null)).toBe(true);
      }
    }
  });

  it('refuses a cursor made for another sort, a forged cursor and a bad page size', async () => {
    const t = await storyTenant();
    const first = await search(t, { sortBy: 'action', limit: 3 });
    await expect(search(t, { sortBy: 'outcome', cursor: first.nextCursor! })).rejects.toThrow(
      AppError,
    );
    await expect(search(t, { cursor: 'not-a-cursor' })).rejects.toThrow(/cursor is not valid/);
    await expect(search(t, { limit: 5000 })).rejects.toThrow(/page size/);
    await expect(search(t, { from: 'yesterday' })).rejects.toThrow(/from is not a date/);
    await expect(search(t, { userId: 'dr-house' })).rejects.toThrow(/userId is not a valid id/);
    expect((await search(t, { action: [] })).rows).toEqual([]);
    await expect(search(t, { sortBy: 'hash' as AuditSortField })).rejects.toThrow(/sorted/);
  });

  it('shows one practice only', async () => {
    const a = await storyTenant();
    const b = await storyTenant();
    const rows = (await search(a, { limit: 1000 })).rows;
    expect(rows.every((r) => r.tenantId === a)).toBe(true);
    expect(rows.some((r) => r.tenantId === b)).toBe(false);
  });
});

describe('who accessed my record', () => {
  it('lists accesses to the patient by anyone else, newest first', async () => {
    const t = await storyTenant();
    const page = await tenantTransaction(db, t, (tx) =>
      accessesToPatient(tx, patient, { excludeActor: patient }),
    );
    expect(page.rows.map((r) => [r.action, r.actorUserId, r.outcome])).toEqual([
      ['break_glass', nurse, 'allowed'],
      ['export', null, 'success'],
      ['read', parent, 'allowed'],
      ['read', nurse, 'denied'],
      ['update', clinician, 'success'],
      ['read', clinician, 'allowed'],
    ]);
  });
});

describe('the report as CSV', () => {
  it('quotes every field and neutralises spreadsheet formulas', async () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(true)).toBe('"true"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(formula)).toBe(`"'${formula}"`);
    }
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    const t = await storyTenant();
    const rows = (await search(t, { sortDir: 'asc' })).rows;
    const csv = auditLogCsv(rows);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(auditCsvHeader().trimEnd());
    expect(lines).toHaveLength(rows.length + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[1]).toContain(`"${rows[0]!.at.toISOString()}"`);
    expect(lines[1]).toMatch(/^"[^"]*","[^"]*",/);
  });

  it('a stored value starting with - cannot become a formula', async () => {
    const { id } = await createTestTenant(db);
    // Request ids may come from a proxy header; the token pattern still allows a leading "-".
    await new AuditWriter(db).append([auditEntry(id, { requestId: '-2-3' })]);
    const csv = auditLogCsv((await search(id, {})).rows);
    expect(csv).toContain(`"'-2-3"`);
  });
});
