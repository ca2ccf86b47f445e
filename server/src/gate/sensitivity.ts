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
