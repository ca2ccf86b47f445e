/**
 * The sensitivity labels of a resource, as the gate reads them: v3 ActCode codes in
 * `meta.security` that name a sensitive category (mental health, substance use, HIV...).
 * Confidentiality codes (R, V) and other systems' codes are not categories and are ignored here.
 */
import type { Resource } from '@medplum/fhirtypes';
import { SENSITIVITY_LABELS } from '../care/sensitive-access.js';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const KNOWN = new Set(SENSITIVITY_LABELS);

/** The sensitive-category labels on `resource`, upper case, without repeats. */
export function sensitivityOf(resource: Resource): string[] {
  const labels = new Set<string>();
  for (const coding of resource.meta?.security ?? []) {
    const code = coding.code?.toUpperCase();
    if (code === undefined || !KNOWN.has(code)) continue;
    if (coding.system !== undefined && coding.system !== ACT_CODE) continue;
    labels.add(code);
  }
  return [...labels].sort();
}

const RELEASE_TAG = 'https://haven.example/fhir/CodeSystem/result-release';
const RELEASE_AT = 'https://haven.example/fhir/StructureDefinition/result-release-at';

/**
 * When a result the patient chose to see after a delay is released to them (the feed marks it:
 * feeds/hl7v2/result-release.ts), or undefined for everything else (released at once).
 */
export function releaseAtOf(resource: Resource): Date | undefined {
  const tagged = resource.meta?.tag?.some(
    (t) => t.system === RELEASE_TAG && t.code === 'patient-delayed',
  );
  if (!tagged) return undefined;
  const holder = resource as { extension?: { url: string; valueDateTime?: string }[] };
  const at = holder.extension?.find((e) => e.url === RELEASE_AT)?.valueDateTime;
  const time = at ? Date.parse(at) : Number.NaN;
  // Marked as delayed but with no readable time: keep it back rather than guess.
  return Number.isNaN(time) ? new Date(8.64e15) : new Date(time);
}
