/**
 * Runs @medplum/core's structural validator and turns its OperationOutcome issues into ours.
 * Only `details.text` (fixed phrases such as "Missing required property") and `expression` are
 * kept: `diagnostics` may carry an exception's message, which can quote the data.
 */
import {
  OperationOutcomeError,
  getAllDataTypes,
  tryGetProfile,
  validateResource,
  validateTypedValue,
} from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { ValidationIssue } from './validation-types.js';

/** Validates against the base R4 definition of the resource's type. */
export function validateBase(resource: Resource): ValidationIssue[] {
  return collect(resource.resourceType, '', () => validateResource(resource));
}

/**
 * Validates against a profile already indexed with `registerProfileSchema`. medplum's
 * `validateResource(resource, { profile })` re-parses the StructureDefinition on every call
 * (5-8 ms for a US Core profile, too slow for 1,500 writes/s), so the parsed schema is registered
 * once under the profile's URL and the validator is pointed at it through the value's type name.
 * medplum itself keys logical models by URL in the same map, so URL keys cannot clash with a
 * type name. The equivalence with `validateResource(..., { profile })` is checked by a test.
 */
export function validateProfile(resource: Resource, url: string, label: string): ValidationIssue[] {
  return collect(resource.resourceType, ` (${label})`, () =>
    validateTypedValue({ type: url, value: resource }),
  );
}

/**
 * Makes the profile at `url` (already loaded with medplum's `loadDataType`) usable by
 * `validateProfile`. The copy is marked `logical` so `getResourceTypes()` does not list it.
 */
export function registerProfileSchema(url: string): boolean {
  const schema = tryGetProfile(url);
  if (!schema) {
    return false;
  }
  getAllDataTypes()[url] = { ...schema, kind: 'logical' };
  return true;
}

function collect(
  root: string,
  suffix: string,
  run: () => OperationOutcomeIssue[],
): ValidationIssue[] {
  try {
    return withoutEchoes(run().map((i) => toIssue(i, root, suffix)));
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      return withoutEchoes((err.outcome.issue ?? []).map((i) => toIssue(i, root, suffix)));
    }
    // An unexpected failure inside the validator: refuse rather than store unchecked data, and
    // do not echo its message, which could quote the resource.
    return [{ location: root, message: 'The resource could not be validated.', severity: 'error' }];
  }
}

// medplum quotes data in a few messages: property names taken from the input and the type part
// of a reference. Those become fixed phrases (the location still says where), and any other
// quoted fragment is dropped, so no sent value reaches a message or a log.
const REWORDED: readonly [RegExp, string][] = [
  [/^Invalid additional property/, 'Unknown property'],
  [
    /^Conflicting choice of type properties/,
    'More than one type given for a choice-of-type property',
  ],
  [
    /^Type of primitive extension/,
    'The primitive extension does not match the type of its property',
  ],
  [/^Invalid reference/, 'The reference names a resource type this field does not allow'],
];

function safeMessage(text: string | undefined): string {
  const found = REWORDED.find(([pattern]) => pattern.test(text ?? ''));
  return found ? found[1] : (text ?? 'Invalid value').replace(/"[^"]*"/g, '(value)');
}

/**
 * Drops the echo of a wrong shape: a string where an array belongs is also crawled as an
 * object, which adds one "unknown property" per character below the real problem.
 */
function withoutEchoes(issues: ValidationIssue[]): ValidationIssue[] {
  const shapes = issues
    .filter((i) => /^Expected (array of values|single value)/.test(i.message))
    .map((i) => i.location);
  return issues.filter(
    (i) => !shapes.some((s) => i.location.startsWith(s + '.') || i.location.startsWith(s + '[')),
  );
}

function toIssue(i: OperationOutcomeIssue, root: string, suffix: string): ValidationIssue {
  return {
    location: i.expression?.[0] ?? root,
    message: safeMessage(i.details?.text) + suffix,
    severity: i.severity === 'error' || i.severity === 'fatal' ? 'error' : 'warning',
  };
}
