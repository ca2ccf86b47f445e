import type { Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../identity/roles.js';
import { generateDemoPractice } from './index.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const OPTIONS = { seed: 20250615, patientCount: 50, now: NOW };

/** Completed years on `at`, computed independently of the generator's own helper. */
function age(patient: Patient, at = NOW): number {
  const [y, m, d] = (patient.birthDate ?? '').split('-').map(Number) as [number, number, number];
  const beforeBirthday =
    at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  return at.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

function labels(resource: Resource): string[] {
  return (resource.meta?.security ?? []).map((c) => c.code ?? '');
}

describe('generateDemoPractice: determinism', () => {
  it('returns a byte-identical practice for the same options', () => {
    const a = JSON.stringify(generateDemoPractice(OPTIONS));
    const b = JSON.stringify(generateDemoPractice({ ...OPTIONS, now: new Date(NOW) }));
    expect(b).toBe(a);
  });

  it('returns different people for a different seed', () => {
    const a = generateDemoPractice(OPTIONS);
    const b = generateDemoPractice({ ...OPTIONS, seed: OPTIONS.seed + 1 });
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    const ids = new Set(a.patients.map((p) => p.patient.id));
    expect(b.patients.some((p) => ids.has(p.patient.id))).toBe(false);
    const names = (x: typeof a) => x.patients.map((p) => p.patient.name?.[0]?.family).join();
    expect(names(b)).not.toBe(names(a));
  });

  it('rejects nonsense options', () => {
    expect(() => generateDemoPractice({ ...OPTIONS, patientCount: -1 })).toThrow(RangeError);
    expect(() => generateDemoPractice({ ...OPTIONS, now: new Date('nope') })).toThrow(RangeError);
  });

  it('generates 50 patients well under a second', () => {
    const start = performance.now();
    generateDemoPractice(OPTIONS);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('generateDemoPractice: practice and staff', () => {
  const practice = generateDemoPractice(OPTIONS);

  it('names the practice with a URL-safe slug', () => {
    expect(practice.name.length).toBeGreaterThan(3);
    expect(practice.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has one member per role, two clinicians, at demo.haven.test', () => {
    const roles = practice.staff.map((s) => s.role);
    for (const role of STAFF_ROLES) expect(roles).toContain(role);
    expect(roles.filter((r) => r === 'clinician')).toHaveLength(2);
    expect(roles).toHaveLength(STAFF_ROLES.length + 1);
    expect(practice.staff.map((s) => s.email).sort()).toEqual(
      ['admin', 'billing', 'clinician', 'clinician2', 'frontdesk', 'nurse', 'privacy', 'research']
        .map((m) => `${m}@demo.haven.test`)
        .sort(),
    );
  });

  it('gives clinicians and nurses unexpired licences, and nobody else one', () => {
    for (const member of practice.staff) {
      const clinical = member.role === 'clinician' || member.role === 'nurse';
      expect(member.licence !== undefined, member.email).toBe(clinical);
      if (!member.licence) continue;
      expect(member.licence.state).toMatch(/^[A-Z]{2}$/);
      expect(member.licence.number.length).toBeGreaterThan(3);
      expect(member.licence.expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Date.parse(member.licence.expires)).toBeGreaterThan(NOW.getTime());
    }
  });
});

describe('generateDemoPractice: patients', () => {
  const practice = generateDemoPractice(OPTIONS);
  const total = practice.patients.reduce((n, p) => n + p.resources.length, 0);

  it('creates the requested number of patients and a few thousand resources at most', () => {
    expect(practice.patients).toHaveLength(50);
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThan(5000);
    const adults = practice.patients.filter((p) => age(p.patient) >= 18);
    const sizes = adults.map((p) => p.resources.length).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    expect(median).toBeGreaterThanOrEqual(20);
    expect(median).toBeLessThanOrEqual(60);
  });

  it.each([OPTIONS.seed, 1, 2, 3, 42])('has the required age mix (seed %i)', (seed) => {
    const { patients } = generateDemoPractice({ ...OPTIONS, seed });
    const ages = patients.map((p) => age(p.patient));
    expect(ages.filter((a) => a < 13).length).toBeGreaterThanOrEqual(3);
    expect(ages.filter((a) => a >= 13 && a <= 17).length).toBeGreaterThanOrEqual(3);
    expect(ages.filter((a) => a >= 65).length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(90);
    // A 15-year-old with teen-confidential (mental health or sexual health) data.
    const confidential = patients.filter(
      (p) =>
        age(p.patient) === 15 &&
        p.resources.some((r) => labels(r).some((l) => l === 'PSY' || l === 'SEX')),
    );
    expect(confidential.length).toBeGreaterThanOrEqual(1);
  });

  it('gives every patient an MRN, official name, gender, birth date, address and contacts', () => {
    const mrns = new Set<string>();
    for (const { patient } of practice.patients) {
      const mrn = patient.identifier?.find((i) => i.system === 'urn:haven:mrn');
      expect(mrn?.value).toMatch(/^MRN-\d{6}$/);
      expect(mrn?.type?.coding?.[0]).toMatchObject({
        system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
        code: 'MR',
      });
      mrns.add(mrn?.value ?? '');
      const name = patient.name?.[0];
      expect(name?.use).toBe('official');
      expect(name?.family).toBeTruthy();
      expect(name?.given?.[0]).toBeTruthy();
      expect(['male', 'female', 'other', 'unknown']).toContain(patient.gender);
      expect(patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const address = patient.address?.[0];
      expect(address?.line?.[0]).toBeTruthy();
      expect(address?.city).toBeTruthy();
      expect(address?.state).toMatch(/^[A-Z]{2}$/);
      expect(address?.postalCode).toMatch(/^\d{5}$/);
      expect(address?.country).toBe('US');
      expect(patient.telecom?.find((t) => t.system === 'phone')?.value).toMatch(
        /^\d{3}-555-01\d\d$/,
      );
      const email = patient.telecom?.find((t) => t.system === 'email')?.value ?? '';
      expect(email.endsWith('@example.org')).toBe(true);
      expect(email).toContain((name?.family ?? '').toLowerCase());
      for (const contact of patient.contact ?? []) {
        expect(contact.relationship?.[0]?.coding?.[0]).toMatchObject({
          system: 'http://terminology.hl7.org/CodeSystem/v2-0131',
          code: 'C',
        });
        expect(contact.name?.family).toBeTruthy();
        expect(contact.telecom?.[0]?.system).toBe('phone');
      }
    }
    expect(mrns.size).toBe(50);
  });

  it('is mostly male and female, and about half list an emergency contact', () => {
    const genders = practice.patients.map((p) => p.patient.gender);
    const binary = genders.filter((g) => g === 'male' || g === 'female').length;
    expect(binary / genders.length).toBeGreaterThan(0.85);
    const withContact = practice.patients.filter((p) => (p.patient.contact ?? []).length > 0);
    expect(withContact.length / practice.patients.length).toBeGreaterThan(0.3);
    expect(withContact.length / practice.patients.length).toBeLessThan(0.75);
  });

  it('copes with tiny practices', () => {
    expect(generateDemoPractice({ ...OPTIONS, patientCount: 0 }).patients).toEqual([]);
    expect(generateDemoPractice({ ...OPTIONS, patientCount: 3 }).patients).toHaveLength(3);
  });
});
