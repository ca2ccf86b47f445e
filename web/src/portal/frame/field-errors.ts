/**
 * Puts a failed request's issues on the fields they are about (`/grantee/name`,
 * `/period/end`, `delayHours`, `changes.birthDate`), leaving the rest for the summary under
 * the form.
 */
import { ApiError } from '../../api/client';

/** `body/changes/name`, `/changes/name` and `changes.name` all become `/changes/name`. */
function normalise(location: string | undefined): string {
  return '/' + (location ?? '').replace(/^(body)?\/?/, '').replace(/\./g, '/');
}

/** Schema wording ("must match pattern ...") that is no use to a reader. */
const SCHEMA_WORDING =
  /pattern|must NOT|characters|format|equal to one of|must be (string|integer|array)/;

/**
 * The texts of the issues at (or under) any of these locations, e.g. '/grantee'; schema
 * wording is replaced by `plain` (the caller's own words for what the field needs), and the
 * server's own words ("is changed by the practice only") follow `label` when one is given.
 */
export function issueAt(
  error: unknown,
  locations: string | string[],
  plain?: string,
  label?: string,
): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const wanted = typeof locations === 'string' ? [locations] : locations;
  const texts = error.issues
    .filter((issue) => {
      const at = normalise(issue.location);
      return wanted.some((l) => at === l || at.startsWith(`${l}/`));
    })
    .map((issue) => {
      if (plain && SCHEMA_WORDING.test(issue.message)) return plain;
      return label ? `${label} ${issue.message}` : issue.message;
    });
  return texts.length > 0 ? texts.join('; ') : undefined;
}

/** The error without the issues shown on fields, for the summary under the form. */
export function summaryWithout(error: unknown, ...locations: string[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const rest = error.issues.filter((issue) => {
    const at = normalise(issue.location);
    return !locations.some((l) => at === l || at.startsWith(`${l}/`));
  });
  return new ApiError(error.status, error.code, error.message, rest);
}
