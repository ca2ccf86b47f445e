/**
 * DATA-9: the demo adult reads the visit notes their clinicians wrote, on "Notes and care
 * plans": each note's title, author and the text as written, shown as text.
 */
import type { DocumentReference } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('notes and care plans', () => {
  it('shows the patient their visit notes as written, with title and author', async () => {
    const notes = suite.facts.adultRecord.filter(
      (r): r is DocumentReference => r.resourceType === 'DocumentReference',
    );
    expect(notes.length, 'the demo adult has a visit note').toBeGreaterThan(0);
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await followNavLink(page, 'Notes and care plans');
    const text = await mainText(page);
    for (const note of notes) {
      const attachment = note.content[0]?.attachment;
      expect(text).toContain(attachment?.title ?? '');
      for (const author of note.author ?? []) expect(text).toContain(author.display ?? '');
      const written = Buffer.from(attachment?.data ?? '', 'base64').toString('utf8');
      // Every line of the note, word for word (the page keeps its line breaks).
      for (const line of written.split('\n')) expect(text).toContain(line);
    }
    await noStoredHealthData(page);
  });
});
