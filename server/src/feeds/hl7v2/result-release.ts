/**
 * When a new result may be shown to the patient. The default is at once (the 21st Century
 * Cures Act's information-blocking rule: no blanket delay). A patient may ask for some kinds of
 * results to wait: by report category (HL7 table 0074, e.g. `PAT`, `GE`) or by LOINC code.
 * Such a result is stored with a `patient-delayed` tag in meta.tag and the time it may be
 * released in an extension; patient-facing reads must not show it before then (see
 * RELEASE_AT_EXTENSION). Staff see it at once either way.
 */
import type { Coding, Extension, Resource } from '@medplum/fhirtypes';
import type { Tx } from '../../db/transactions.js';
import { openText, sealText } from './feed-sealing.js';

export const RELEASE_TAG_SYSTEM = 'https://haven.example/fhir/CodeSystem/result-release';
export const RELEASE_AT_EXTENSION =
  'https://haven.example/fhir/StructureDefinition/result-release-at';

export interface ReleasePreference {
  /** Report categories (v2-0074 codes) to delay. */
  categories: string[];
  /** LOINC codes (report or observation) to delay. */
  codes: string[];
  /** How long a delayed result waits before the patient sees it. */
  delayHours: number;
}

/** Stores (replaces) a patient's preference; sealed, because what is delayed is telling. */
export async function saveReleasePreference(
  tx: Tx,
  tenantKey: Buffer,
  input: { tenantId: string; patientId: string; preference: ReleasePreference; now: Date },
): Promise<void> {
  const sealed = sealText(
    tenantKey,
    'ResultReleasePreference',
    input.tenantId,
    input.patientId,
    JSON.stringify(input.preference),
  );
  await tx
    .insertInto('result_release_preference')
    .values({
      tenant_id: input.tenantId,
      patient_id: input.patientId,
      preference_sealed: sealed,
      updated_at: input.now,
    })
    .onConflict((c) =>
      c
        .columns(['tenant_id', 'patient_id'])
        .doUpdateSet({ preference_sealed: sealed, updated_at: input.now }),
    )
    .execute();
}

/** A patient's preference, or undefined (release at once). */
export async function readReleasePreference(
  tx: Tx,
  tenantKey: Buffer,
  tenantId: string,
  patientId: string,
): Promise<ReleasePreference | undefined> {
  const row = await tx
    .selectFrom('result_release_preference')
    .select('preference_sealed')
    .where('tenant_id', '=', tenantId)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (!row) return undefined;
  return JSON.parse(
    openText(
      tenantKey,
      'ResultReleasePreference',
      tenantId,
      patientId,
      Buffer.from(row.preference_sealed),
    ),
  ) as ReleasePreference;
}

function codings(resource: Resource): Coding[] {
  const r = resource as { code?: { coding?: Coding[] }; category?: { coding?: Coding[] }[] };
  return [...(r.code?.coding ?? []), ...(r.category ?? []).flatMap((c) => c.coding ?? [])];
}

/** Whether any of these results (one report and its observations) is of a delayed kind. */
export function isDelayed(
  preference: ReleasePreference | undefined,
  resources: readonly Resource[],
): boolean {
  if (!preference) return false;
  const all = resources.flatMap(codings);
  return all.some(
    (c) =>
      (c.system === 'http://loinc.org' && preference.codes.includes(c.code ?? '')) ||
      (c.system === 'http://terminology.hl7.org/CodeSystem/v2-0074' &&
        preference.categories.includes(c.code ?? '')),
  );
}

/** `resource` marked as held from the patient until `releaseAt`. */
export function markDelayed<T extends Resource>(resource: T, releaseAt: Date): T {
  const existing = (resource as { extension?: Extension[] }).extension ?? [];
  const others = existing.filter((e) => e.url !== RELEASE_AT_EXTENSION);
  const tags = (resource.meta?.tag ?? []).filter((t) => t.system !== RELEASE_TAG_SYSTEM);
  return {
    ...resource,
    meta: {
      ...resource.meta,
      tag: [...tags, { system: RELEASE_TAG_SYSTEM, code: 'patient-delayed' }],
    },
    extension: [...others, { url: RELEASE_AT_EXTENSION, valueDateTime: releaseAt.toISOString() }],
  };
}
