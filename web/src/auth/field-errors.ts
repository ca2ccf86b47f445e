/**
 * Puts a server error's issues next to the fields they are about. Haven answers with issues
 * located by field name (`password`, or `body/email` from schema validation); those go on
 * the field, the rest stay in the summary under the form. Issue texts that are fragments
 * ("is not right") get the field's label in front; schema wording ("must match pattern ...")
 * is replaced by the caller's plain `checkText`.
 */
import type { ChangeEvent } from 'react';
import { ApiError, type ApiIssue } from '../api/client';

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

/**
 * The props of a required text field of a form kept as one record of strings: its label, its
 * value, its placed error and the change handler that keeps what was typed.
 */
export function textFieldsOf<F extends string>(
  form: Record<F, string>,
  setForm: (next: Record<F, string>) => void,
  labels: Record<F, string>,
  errors: Record<string, string>,
) {
  return (name: F) => ({
    label: labels[name],
    required: true,
    withAsterisk: false,
    value: form[name],
    error: errors[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) =>
      setForm({ ...form, [name]: event.currentTarget.value }),
  });
}
