/**
 * The rules on what a patient sends that a JSON schema cannot say: a provider consent names its
 * provider (and only it names one), a period ends after it starts and has not already ended,
 * and a restriction names resource types Haven knows. Pure; each refusal is a 400 naming where
 * the problem is, before anything is stored.
 */
import { categoryOf } from '../access/role-permissions.js';
import { AppError, type ErrorIssue } from '../errors/app-error.js';
import type { ConsentKind, Grantee } from './consent-coding.js';

/** A grant as the route received it (schema-valid). */
export interface GrantRequest {
  kind: ConsentKind;
  grantee?: Grantee;
  period?: { start?: string; end?: string };
}

/** A checked grant, dates parsed. */
export interface CheckedGrant {
  kind: ConsentKind;
  grantee?: Grantee;
  period?: { start?: Date; end?: Date };
}

/** Checks a grant against the rules above; throws validation_failed listing every problem. */
export function checkGrant(input: GrantRequest, now: Date): CheckedGrant {
  const issues: ErrorIssue[] = [];
  if (input.kind === 'share_with_provider' && !input.grantee) {
    issues.push({ location: '/grantee', message: 'is required to share with a provider' });
  }
  if (input.kind !== 'share_with_provider' && input.grantee) {
    issues.push({ location: '/grantee', message: 'is only for sharing with a provider' });
  }
  const start = parse(input.period?.start, '/period/start', issues);
  const end = parse(input.period?.end, '/period/end', issues);
  if (start && end && end.getTime() <= start.getTime()) {
    issues.push({ location: '/period/end', message: 'must be after the start' });
  } else if (end && end.getTime() <= now.getTime()) {
    issues.push({ location: '/period/end', message: 'must be in the future' });
  }
  if (issues.length > 0)
    throw new AppError('validation_failed', 'The consent is not valid.', issues);
  return {
    kind: input.kind,
    ...(input.grantee ? { grantee: input.grantee } : {}),
    ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
  };
}

/** Refuses resource types no category holds (nobody reaches them, so nothing to restrict). */
export function checkResourceTypes(resourceTypes: readonly string[]): void {
  const issues = resourceTypes.flatMap((type, i) =>
    categoryOf(type) === undefined
      ? [{ location: `/resourceTypes/${i}`, message: 'is not a resource type Haven keeps' }]
      : [],
  );
  if (issues.length > 0) {
    throw new AppError('validation_failed', 'The restriction is not valid.', issues);
  }
}

function parse(value: string | undefined, location: string, issues: ErrorIssue[]) {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    issues.push({ location, message: 'must be a date and time' });
    return undefined;
  }
  return date;
}
