/**
 * RIGHT-1: the demo adult downloads a copy of their record from the portal home: a FHIR JSON
 * file named by date only, holding their Patient and the records the portal shows them.
 */
import { readFile } from 'node:fs/promises';
import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { signInPatient } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('a copy of my record', () => {
  it('downloads the whole record as a FHIR Bundle file from the home page', async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    const link = page.getByRole('link', { name: 'Download the record (FHIR JSON)' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/api/me/record/export');
    expect(await link.getAttribute('download')).not.toBeNull();

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^health-record-\d{4}-\d{2}-\d{2}\.json$/);
    const path = await download.path();
    const bundle = JSON.parse(await readFile(path, 'utf8')) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    const types = new Set((bundle.entry ?? []).map((e) => e.resource?.resourceType));
    expect(bundle.entry?.[0]?.resource?.id).toBe(suite.facts.adult.id);
    for (const type of ['Patient', 'Observation', 'Condition', 'Appointment']) {
      expect(types, type).toContain(type);
    }
    await noStoredHealthData(page);
  });
});
