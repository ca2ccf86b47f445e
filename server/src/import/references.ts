/**
 * References in imported resources. Inside a unit, `urn:uuid:` fullUrls (Synthea's style) and
 * `Type/id` point at sibling entries and become `Type/<stored id>`. Outside it, a reference is
 * resolved against what is stored: a conditional one (`Organization?identifier=sys|val`) by
 * identifier, a `urn:uuid:` by the id Haven kept for it, a relative `Type/id` by the id the
 * importer gives it. One that cannot be resolved fails its entry with the reason.
 */
import type { Tx } from '../db/transactions.js';
import { findByIdentifier } from '../fhir/search/find-by-identifier.js';
import { importedId, UUID } from './deterministic-id.js';
import { matchesByIdentifier, takenIds } from './stored-lookups.js';

/** Calls `visit` on every `reference` string in `value` (any depth), replacing it if asked. */
export function walkReferences(value: unknown, visit: (reference: string) => string | void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkReferences(item, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (key === 'reference' && typeof child === 'string') {
      const replaced = visit(child);
      if (typeof replaced === 'string') record[key] = replaced;
    } else if (typeof child === 'object' && child !== null) {
      walkReferences(child, visit);
    }
  }
}

/** References the unit itself cannot answer: not a sibling, not contained, not absolute. */
export function isExternal(reference: string, unitKeys: ReadonlyMap<string, unknown>): boolean {
  if (unitKeys.has(reference) || reference.startsWith('#')) return false;
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(reference);
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})$/;
const CONDITIONAL = /^([A-Z][A-Za-z]+)\?identifier=(.+)$/;

/**
 * Resolves external references to `Type/id`, remembering answers in `known` (shared by the
 * whole run: what it holds was stored by a committed unit). Returns the reasons of the ones
 * that failed, by reference.
 */
export async function resolveExternal(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  references: ReadonlySet<string>,
  known: Map<string, string>,
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const urns: string[] = [];
  for (const reference of references) {
    if (known.has(reference)) continue;
    const relative = RELATIVE.exec(reference);
    if (relative) {
      const [, type = '', id = ''] = relative;
      known.set(reference, `${type}/${UUID.test(id) ? id.toLowerCase() : importedId(reference)}`);
      continue;
    }
    if (reference.startsWith('urn:uuid:') && UUID.test(reference.slice(9))) {
      urns.push(reference.slice(9).toLowerCase());
      continue;
    }
    const conditional = CONDITIONAL.exec(reference);
    if (!conditional) {
      failed.set(reference, 'a reference of a form the importer does not resolve');
      continue;
    }
    const [, type = '', criterion = ''] = conditional;
    const term = decodeURIComponent(criterion);
    if (!matchesByIdentifier(type) || term.includes('&')) {
      failed.set(reference, `a conditional reference to ${type} the importer cannot resolve`);
      continue;
    }
    const bar = term.indexOf('|');
    const identifier =
      bar < 0 ? { value: term } : { system: term.slice(0, bar), value: term.slice(bar + 1) };
    const found = await findByIdentifier(tx, tenantId, searchKey, type, identifier);
    const ids = new Set(found.map((c) => c.id));
    if (ids.size === 1) known.set(reference, `${type}/${[...ids][0]}`);
    else
      failed.set(
        reference,
        ids.size === 0
          ? `a conditional reference to ${type} matches no stored ${type} (import it first)`
          : `a conditional reference to ${type} matches several stored resources`,
      );
  }
  if (urns.length > 0) {
    const taken = await takenIds(tx, tenantId, urns);
    for (const urn of urns) {
      const row = taken.get(urn);
      if (row) known.set(`urn:uuid:${urn}`, `${row.resourceType}/${urn}`);
      else failed.set(`urn:uuid:${urn}`, 'a urn:uuid reference to nothing in the file or stored');
    }
  }
  return failed;
}
