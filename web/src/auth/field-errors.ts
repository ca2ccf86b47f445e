/**
 * Puts a server error's issues next to the fields they are about. Haven answers with issues
 * located by field name (`password`, or `body/email` from schema validation); those go on
 * the field, the rest stay in the summary under the form. Issue texts that are fragments
 * ("is not right") get the field's label in front; schema wording ("must match pattern ...")
 * is replaced by the caller's plain `checkText`.
 */
import { ApiError, type ApiIssue } from '../api/client';

/**
 * How a field error looks: the message in a red dark enough for 4.5:1 contrast (Mantine's
 * default error red is about 3.6:1 on white), and the input itself left in its normal colours
 * (its red text would fail contrast too); the message and aria-invalid mark the field.
 */
export const FIELD_ERROR_LOOK = {
  withErrorStyles: false,
  errorProps: { c: 'red.9' },
} as const;

export interface PlacedErrors {
  /** Field name to its error text. */
  fields: Record<string, string>;
  /** What to show under the form (the error without the issues placed on fields). */
  summary: unknown;
}

function fieldOf(location: string | undefined): string {
  return (location ?? '').replace(/^(body|querystring|params)?\/?/, '').split('/')[0] ?? '';
}

export function placeErrors(
  error: unknown,
  labels: Record<string, string>,
  checkText: string,
): PlacedErrors {
  if (!(error instanceof ApiError)) return { fields: {}, summary: error };
  const placed: Record<string, string[]> = {};
  const rest: ApiIssue[] = [];
  for (const issue of error.issues) {
    const name = fieldOf(issue.location);
    const label = labels[name];
    if (label === undefined) {
      rest.push(issue);
      continue;
    }
    let text = issue.message;
    if (/^must /.test(text)) text = checkText;
    else if (/^[a-z]/.test(text)) text = `${label} ${text}.`;
    (placed[name] ??= []).push(text);
  }
  const fields = Object.fromEntries(Object.entries(placed).map(([k, v]) => [k, v.join(' ')]));
  return { fields, summary: new ApiError(error.status, error.code, error.message, rest) };
}
