/**
 * Deciding, before anything is written, what each entry of a unit becomes: a new resource with
 * which id, or one already stored (unchanged). The rule that makes re-import idempotent:
 *
 * 1. An entry keeps the id its source gave it (Synthea's `urn:uuid:` values are UUIDs) when
 *    that id is free, or is already held by the same type in the same compartment (it is the
 *    same record, imported before).
 * 2. Types Haven finds by identifier (Patient, Practitioner, Organization, Encounter,
 *    RelatedPerson) are matched on their identifiers: a match is the stored record.
 * 3. An id held by something else gets a name-based id derived from the compartment and the
 *    source id, which is again the same on the next import.
 *
 * Nothing is updated: import creates, and never overwrites a stored record (changes go through
 * the FHIR API, with its version checks and audit).
 */
import type { Identifier, Resource } from '@medplum/fhirtypes';
import type { Tx } from '../db/transactions.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { importedId, sourceId } from './deterministic-id.js';
import type { EntryProblem, UnitEntry } from './import-types.js';
import { isExternal, resolveExternal, walkReferences } from './references.js';
import { matchesByIdentifier, storedByIdentifier, takenIds } from './stored-lookups.js';

export interface ResolvedUnit {
  /** New resources, with their ids and references final. */
  fresh: Resource[];
  unchanged: number;
  problems: EntryProblem[];
  /** Every way the unit's entries were referenced (fullUrl, `Type/sourceId`) to `Type/id`. */
  mapping: Map<string, string>;
}

/** The keys other entries may use to reference `entry`. */
function keysOf(entry: UnitEntry): string[] {
  const keys = entry.fullUrl ? [entry.fullUrl] : [];
  if (entry.resource.id) keys.push(`${entry.resource.resourceType}/${entry.resource.id}`);
  return keys;
}

export async function resolveUnit(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  entries: readonly UnitEntry[],
  known: Map<string, string>,
): Promise<ResolvedUnit> {
  const problems = new Map<number, string>();
  const byKey = new Map<string, number>();
  entries.forEach((entry, i) => {
    for (const key of keysOf(entry)) {
      if (byKey.has(key)) problems.set(i, 'a second entry with the same fullUrl or id');
      else byKey.set(key, i);
    }
  });

  // References leaving the unit, resolved once each; an entry using a bad one fails.
  const external = new Map<string, number[]>();
  entries.forEach((entry, i) =>
    walkReferences(entry.resource, (reference) => {
      if (isExternal(reference, byKey))
        external.set(reference, [...(external.get(reference) ?? []), i]);
    }),
  );
  const failed = await resolveExternal(tx, tenantId, searchKey, new Set(external.keys()), known);
  for (const [reference, reason] of failed) {
    for (const i of external.get(reference) ?? []) if (!problems.has(i)) problems.set(i, reason);
  }

  const assigned: (string | undefined)[] = [];
  const isNew: boolean[] = [];
  const resolve = (reference: string): string | undefined => {
    const i = byKey.get(reference);
    if (i === undefined) return known.get(reference);
    const id = assigned[i];
    return id ? `${entries[i]?.resource.resourceType}/${id}` : undefined;
  };
  const candidates = entries.map((e) =>
    sourceId(e.resource.resourceType, e.resource.id, e.fullUrl),
  );
  const taken = await takenIds(tx, tenantId, candidates);
  const claimed = new Set<string>();

  // Patients first: every other entry's compartment (its key) is the id its patient gets.
  const patients = entries.flatMap((e, i) => (e.resource.resourceType === 'Patient' ? [i] : []));
  const others = entries.flatMap((e, i) => (e.resource.resourceType === 'Patient' ? [] : [i]));
  for (const group of [patients, others]) {
    const derived: { i: number; id: string; compartment: string | null }[] = [];
    for (const i of group) {
      if (problems.has(i)) continue;
      const resource = (entries[i] as UnitEntry).resource;
      const type = resource.resourceType;
      const candidate = candidates[i] as string;
      const compartment = type === 'Patient' ? candidate : compartmentOf(resource, resolve);
      const row = taken.get(candidate);
      if (row?.resourceType === type && row.patientId === compartment) {
        assigned[i] = candidate;
        continue;
      }
      if (matchesByIdentifier(type)) {
        const identifiers = (resource as { identifier?: Identifier[] }).identifier;
        const match = await storedByIdentifier(tx, tenantId, searchKey, type, identifiers);
        if (match === 'ambiguous') {
          problems.set(i, `its identifier matches several stored ${type} resources`);
          continue;
        }
        if (match) {
          assigned[i] = match.id;
          continue;
        }
      }
      if (!row && !claimed.has(candidate)) {
        claim(i, candidate);
      } else {
        const scope = type === 'Patient' ? 'patient' : (compartment ?? 'tenant');
        derived.push({ i, id: importedId(`${scope}/${type}/${candidate}`), compartment });
      }
    }
    const takenDerived = await takenIds(
      tx,
      tenantId,
      derived.map((d) => d.id),
    );
    for (const { i, id, compartment } of derived) {
      const type = (entries[i] as UnitEntry).resource.resourceType;
      const row = takenDerived.get(id);
      const own = type === 'Patient' ? id : compartment;
      if (row?.resourceType === type && row.patientId === own) assigned[i] = id;
      else if (!row && !claimed.has(id)) claim(i, id);
      else problems.set(i, 'its id is held by another stored resource');
    }
  }

  function claim(i: number, id: string): void {
    assigned[i] = id;
    isNew[i] = true;
    claimed.add(id);
  }

  const fresh: Resource[] = [];
  const mapping = new Map<string, string>();
  let unchanged = 0;
  entries.forEach((entry, i) => {
    const id = assigned[i];
    if (problems.has(i) || !id) return;
    for (const key of keysOf(entry)) mapping.set(key, `${entry.resource.resourceType}/${id}`);
    if (!isNew[i]) {
      unchanged += 1;
      return;
    }
    walkReferences(entry.resource, (reference) =>
      reference.startsWith('#') ? undefined : resolve(reference),
    );
    fresh.push({ ...entry.resource, id });
  });
  const list = [...problems].map(([index, reason]) => ({ index, reason }));
  return { fresh, unchanged, problems: list.sort((a, b) => a.index - b.index), mapping };
}

/** The patient compartment `resource` will be stored in, once its references are rewritten. */
function compartmentOf(
  resource: Resource,
  resolve: (reference: string) => string | undefined,
): string | null {
  const copy: Record<string, unknown> = { ...resource };
  for (const field of ['subject', 'patient', 'beneficiary']) {
    const value = copy[field] as { reference?: unknown } | undefined;
    if (typeof value?.reference === 'string') {
      copy[field] = { ...value, reference: resolve(value.reference) ?? value.reference };
    }
  }
  return patientCompartmentOf(copy as unknown as Resource) ?? null;
}
