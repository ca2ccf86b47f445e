/**
 * The accounting of disclosures (HIPAA 164.528; ONC 170.315 (d)(11)). Features that send a
 * patient's information outside the practice (exports to other providers, consent-based
 * sharing, the legal workflow) call recordDisclosure inside their own transaction, so the
 * disclosure, its record and its audit entry commit together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { appendInTransaction } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';
import { AppError, type ErrorIssue } from '../errors/app-error.js';
import {
  CLOCK_SKEW_MS,
  DISCLOSURE_PURPOSES,
  earliestReportStart,
  PURPOSE_OF_USE,
  PURPOSES_NEEDING_LEGAL_BASIS,
  type Disclosure,
  type DisclosureInput,
  type DisclosureRecipient,
} from './disclosure-model.js';
import { insertDisclosure, listDisclosures } from './disclosure-store.js';

const LIMITS = {
  'recipient/name': 200,
  'recipient/organisation': 200,
  'recipient/address': 500,
  description: 2000,
  legalBasis: 2000,
};

/** A trimmed text, or an issue when it is required and blank, or too long. */
function text(
  issues: ErrorIssue[],
  value: string | undefined,
  location: keyof typeof LIMITS,
  required: boolean,
): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') {
    if (required) issues.push({ location, message: 'is required' });
    return undefined;
  }
  if (trimmed.length > LIMITS[location]) {
    issues.push({ location, message: `must be at most ${LIMITS[location]} characters` });
  }
  return trimmed;
}

/**
 * Checks a disclosure the way the table cannot (blank texts, the legal basis some purposes
 * need, a time in the future). Callers other than the HTTP route skip its schema, so every
 * rule is here.
 *
 * @throws {AppError} validation_failed naming each bad field.
 */
function validated(input: DisclosureInput): Omit<Disclosure, 'id' | 'recordedAt'> {
  const issues: ErrorIssue[] = [];
  if (!DISCLOSURE_PURPOSES.includes(input.purpose)) {
    issues.push({
      location: 'purpose',
      message: `must be one of ${DISCLOSURE_PURPOSES.join(', ')}`,
    });
  }
  const at = input.disclosedAt;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    issues.push({ location: 'disclosedAt', message: 'must be a date and time' });
  } else if (at.getTime() > input.now.getTime() + CLOCK_SKEW_MS) {
    issues.push({ location: 'disclosedAt', message: 'must not be in the future' });
  }
  const name = text(issues, input.recipient?.name, 'recipient/name', true);
  const organisation = text(issues, input.recipient?.organisation, 'recipient/organisation', false);
  const address = text(issues, input.recipient?.address, 'recipient/address', false);
  const description = text(issues, input.description, 'description', true);
  const needsBasis = PURPOSES_NEEDING_LEGAL_BASIS.has(input.purpose);
  const legalBasis = text(issues, input.legalBasis, 'legalBasis', needsBasis);
  if (issues.length > 0 || name === undefined || description === undefined) {
    throw new AppError('validation_failed', 'The disclosure is not complete or not valid.', issues);
  }
  const recipient: DisclosureRecipient = {
    name,
    ...(organisation ? { organisation } : {}),
    ...(address ? { address } : {}),
  };
  return {
    patientId: input.patientId,
    disclosedAt: at,
    recordedBy: input.recordedBy,
    purpose: input.purpose,
    recipient,
    description,
    legalBasis: legalBasis ?? null,
  };
}

/**
 * Records one disclosure of a patient's information, and its audit entry, in `tx` (a tenant
 * transaction for `input.tenantId`). `key` is the patient's data key, fetched before `tx` was
 * opened. Returns the stored disclosure.
 */
export async function recordDisclosure(
  tx: Tx,
  key: Buffer,
  input: DisclosureInput,
): Promise<Disclosure> {
  const disclosure: Disclosure = { ...validated(input), id: randomUUID(), recordedAt: input.now };
  await insertDisclosure(tx, key, { ...disclosure, tenantId: input.tenantId });
  await appendInTransaction(tx, [
    {
      tenantId: input.tenantId,
      patientId: input.patientId,
      actorUserId: input.recordedBy,
      action: 'disclosure',
      outcome: 'success',
      dataCategory: 'disclosure',
      purposeOfUse: PURPOSE_OF_USE[disclosure.purpose],
      resourceType: 'Disclosure',
      resourceId: disclosure.id,
      sourceAddress: input.sourceAddress ?? null,
      requestId: input.requestId ?? null,
    },
  ]);
  return disclosure;
}

/** The period a report covers; both ends default (the last six years up to now). */
export interface ReportPeriod {
  from?: Date;
  to?: Date;
  now: Date;
}

/** A report: the period it covers and the disclosures in it, newest first. */
export interface DisclosureReport {
  from: Date;
  to: Date;
  disclosures: Disclosure[];
}

/**
 * A patient's disclosures in a period of at most the last six years. Only lists: the caller
 * audits the read (auditDisclosureRead) in the same transaction, since who is reading, and for
 * whom, is the route's to say.
 *
 * @throws {AppError} validation_failed naming `from` when it is more than six years back or
 *   after `to`.
 */
export async function disclosureReport(
  tx: Tx,
  key: Buffer,
  tenantId: string,
  patientId: string,
  period: ReportPeriod,
): Promise<DisclosureReport> {
  const { from, to } = reportPeriod(period);
  return {
    from,
    to,
    disclosures: await listDisclosures(tx, key, tenantId, patientId, { from, to }),
  };
}

/** The checked period of a report (also for callers that have no key and list nothing). */
export function reportPeriod(period: ReportPeriod): { from: Date; to: Date } {
  const earliest = earliestReportStart(period.now);
  const from = period.from ?? earliest;
  const to = period.to ?? period.now;
  if (from.getTime() < earliest.getTime()) {
    throw new AppError('validation_failed', 'A report covers at most the last six years.', [
      { location: 'from', message: `must be on or after ${earliest.toISOString()}` },
    ]);
  }
  if (from.getTime() > to.getTime()) {
    throw new AppError('validation_failed', 'The period starts after it ends.', [
      { location: 'from', message: 'must not be after to' },
    ]);
  }
  return { from, to };
}
