/**
 * Short everyday names for common tests ("Blood pressure" rather than "Blood pressure panel
 * with all children optional"), in the reader's language; other codes keep their own text.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { Language } from '../i18n/i18n';
import { codeText } from './fhir-text';
import { recordsMessages, type RecordsMessageKey } from './messages';

const LOINC = 'http://loinc.org';

export function testName(code: CodeableConcept | undefined, language: Language = 'en'): string {
  const loinc = code?.coding?.find((c) => c.system === LOINC)?.code;
  const key = `test_${loinc}`;
  if (loinc && key in recordsMessages.en)
    return recordsMessages[language][key as RecordsMessageKey];
  return codeText(code);
}

/** A key grouping the same test across results: its first coding, else its text. */
export function testKey(code: CodeableConcept | undefined): string {
  const coding = code?.coding?.[0];
  return coding?.code ? `${coding.system ?? ''}|${coding.code}` : (code?.text ?? '');
}
