/**
 * The check every FHIR write passes before anything is stored (issue #5): base R4 structure,
 * required terminology on the fields Haven searches and shows, one patient compartment at most
 * (records/compartment.ts), and each profile the resource claims in `meta.profile`.
 *
 * The status split: a resource that is not valid R4 JSON is a malformed request (400
 * `validation_failed`); a valid R4 resource that breaks a required binding or a claimed profile,
 * or claims a profile Haven has not loaded, is well-formed but unacceptable (422 `unprocessable`).
 */
import type { Resource } from '@medplum/fhirtypes';
import { AppError } from '../../errors/app-error.js';
import { compartmentProblem } from '../../records/compartment.js';
import { isFhirResourceType, loadFhirDefinitions } from '../definitions.js';
import { findProfile } from './implementation-guide.js';
import { validateBase, validateProfile } from './medplum-validator.js';
import { checkRequiredBindings, loadTerminology } from './terminology.js';
import {
  issue,
  type ValidationFailure,
  type ValidationIssue,
  type ValidationOptions,
  type ValidationResult,
} from './validation-types.js';

const HL7_BASE = 'http://hl7.org/fhir/StructureDefinition/';
// R4 Meta. medplum's definitions add its own fields (project, author, compartment...), which a
// client must not be able to set on a Haven record.
const R4_META = new Set([
  'id',
  'extension',
  'versionId',
  'lastUpdated',
  'source',
  'profile',
  'security',
  'tag',
]);

/** Loads everything validation needs, so the first write does not pay for it (about 1.2 s). */
export function prepareFhirValidation(): void {
  loadFhirDefinitions();
  loadTerminology();
}

/** Validates `resource`; see the module comment for what is checked and how failures split. */
export function validateFhirResource(
  resource: unknown,
  options: ValidationOptions = {},
): ValidationResult {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return failed('structure', [issue('$', 'A FHIR resource must be a JSON object')], []);
  }
  const resourceType = (resource as { resourceType?: unknown }).resourceType;
  if (resourceType === undefined) {
    return failed('structure', [issue('resourceType', 'resourceType is missing')], []);
  }
  if (typeof resourceType !== 'string' || !isFhirResourceType(resourceType)) {
    return failed(
      'structure',
      [issue('resourceType', 'resourceType is not a FHIR R4 resource type')],
      [],
    );
  }
  const typed = resource as Resource;
  const found = [...validateBase(typed), ...checkMeta(typed)];
  const structural = found.filter((i) => i.severity === 'error');
  const warnings = found.filter((i) => i.severity === 'warning');
  const conformance = checkRequiredBindings(resource as Record<string, unknown>, resourceType);
  const split = compartmentProblem(typed);
  if (split) conformance.push(issue(split.location, split.message));
  // A structurally broken resource would repeat the same errors once per profile.
  if (structural.length === 0 && options.profiles !== false) {
    for (const i of checkProfiles(typed)) {
      (i.severity === 'error' ? conformance : warnings).push(i);
    }
  }
  if (structural.length > 0) {
    return failed('structure', [...structural, ...conformance], warnings);
  }
  return conformance.length > 0
    ? failed('conformance', conformance, warnings)
    : { ok: true, warnings };
}

/**
 * Throws unless `resource` is valid: `AppError('validation_failed')` (400) for structural
 * problems, `AppError('unprocessable')` (422) for terminology and profile failures, each with
 * one issue per problem (location and message, never the value).
 */
export function assertValidResource(
  resource: unknown,
  options?: ValidationOptions,
): asserts resource is Resource {
  const result = validateFhirResource(resource, options);
  if (result.ok) {
    return;
  }
  const issues = result.issues.map(({ location, message }) => ({ location, message }));
  throw result.failure === 'structure'
    ? new AppError('validation_failed', 'The resource is not valid FHIR R4.', issues)
    : new AppError(
        'unprocessable',
        'The resource does not meet its required terminology or profiles.',
        issues,
      );
}

function checkMeta(resource: Resource): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const visit = (r: unknown, path: string): void => {
    const meta = (r as { meta?: unknown } | null)?.meta;
    if (typeof meta === 'object' && meta !== null) {
      for (const key of Object.keys(meta)) {
        if (!R4_META.has(key.replace(/^_/, ''))) {
          issues.push(issue(`${path}.meta.${key}`, 'Meta has no such property in FHIR R4'));
        }
      }
    }
  };
  visit(resource, resource.resourceType);
  const contained: unknown = (resource as { contained?: unknown }).contained;
  (Array.isArray(contained) ? contained : []).forEach((c, i) =>
    visit(c, `${resource.resourceType}.contained[${i}]`),
  );
  return issues;
}

function checkProfiles(resource: Resource): ValidationIssue[] {
  const claims: unknown = resource.meta?.profile;
  const issues: ValidationIssue[] = [];
  (Array.isArray(claims) ? claims : []).forEach((claim: unknown, i) => {
    const location = `${resource.resourceType}.meta.profile[${i}]`;
    if (typeof claim !== 'string' || claim.split('|')[0] === HL7_BASE + resource.resourceType) {
      return; // The base definition was checked already.
    }
    const profile = findProfile(claim);
    if (!profile) {
      issues.push(
        issue(location, 'Profile not available: Haven has not loaded the profile claimed here'),
      );
    } else if (profile.type !== resource.resourceType) {
      issues.push(
        issue(location, `The claimed profile (${profile.label}) is for another resource type`),
      );
    } else {
      issues.push(...validateProfile(resource, profile.url, profile.label));
    }
  });
  return issues;
}

function failed(
  failure: ValidationFailure,
  issues: ValidationIssue[],
  warnings: ValidationIssue[],
): ValidationResult {
  return { ok: false, failure, issues, warnings };
}
