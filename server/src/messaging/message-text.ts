/**
 * What a person types into a message, checked before anything is built from it: trimmed, line
 * ends made `\n`, at least one visible character, within its length, and no control characters
 * (FHIR strings allow none but tab and line ends, and they have no place in a letter). Problems
 * name their field, never the text.
 */
import { AppError } from '../errors/app-error.js';

// Tab and line feed are allowed; every other C0 control, DEL and the C1 controls are not.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

export function checkedText(
  value: string,
  maxLength: number,
  location: string,
  summary = 'The message cannot be sent as it is.',
): string {
  const text = value.replace(/\r\n?/g, '\n').trim();
  const problem =
    text === ''
      ? 'is empty'
      : text.length > maxLength
        ? `is longer than ${maxLength} characters`
        : CONTROL.test(text)
          ? 'holds characters that cannot be sent'
          : undefined;
  if (problem !== undefined) {
    throw new AppError('validation_failed', summary, [{ location, message: problem }]);
  }
  return text;
}
