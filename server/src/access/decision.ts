/** Small constructors shared by the decision's parts, so every answer has the same shape. */
import type { AccessDecision, FieldMask, PurposeOfUse, ReasonCode } from './access-types.js';

/** A refusal: no purpose of use, never break-the-glass. */
export function deny(reason: ReasonCode): AccessDecision {
  return { allowed: false, reason, breakGlass: false, purposeOfUse: null };
}

/** A permission with its purpose of use, flagged when it rests on break-the-glass. */
export function allow(
  reason: ReasonCode,
  purposeOfUse: PurposeOfUse,
  options: { breakGlass?: boolean; fields?: FieldMask } = {},
): AccessDecision {
  const decision: AccessDecision = {
    allowed: true,
    reason,
    breakGlass: options.breakGlass ?? false,
    purposeOfUse,
  };
  if (options.fields !== undefined) decision.fields = options.fields;
  return decision;
}

/** Sensitivity labels compared case-insensitively, as proxyCanDo does (v3 codes are upper). */
export function normalizeLabels(labels: readonly string[]): Set<string> {
  return new Set(labels.map((label) => label.toUpperCase()));
}
