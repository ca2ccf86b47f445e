/** One problem found in a resource. Messages name the rule broken, never the value sent. */
export interface ValidationIssue {
  /** FHIRPath-like location, e.g. `Patient.gender` or `Observation.component[1].code`. */
  location: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * `structure`: the resource is not valid base R4 JSON (missing or unknown resourceType, wrong
 * types, unknown properties, cardinality, invariants): the request is malformed, 400.
 * `conformance`: the resource is valid R4 but breaks a required terminology binding or a
 * profile it claims in `meta.profile` (or claims one Haven has not loaded): 422.
 */
export type ValidationFailure = 'structure' | 'conformance';

export type ValidationResult =
  | { ok: true; warnings: readonly ValidationIssue[] }
  | {
      ok: false;
      failure: ValidationFailure;
      /** The errors, structural ones first. */
      issues: readonly ValidationIssue[];
      warnings: readonly ValidationIssue[];
    };

export interface ValidationOptions {
  /**
   * Validate against the profiles named in `meta.profile` (default true). Turn off only where
   * the claim is checked elsewhere; a claimed but unloaded profile is otherwise an error.
   */
  profiles?: boolean;
}

export function issue(location: string, message: string): ValidationIssue {
  return { location, message, severity: 'error' };
}
