import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { checkGrant, checkResourceTypes } from './consent-input.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const GRANTEE = { id: 'npi:1', name: 'Dr A' };

function issuesOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).issues.map((i) => i.location ?? '');
  }
  throw new Error('expected a refusal');
}

describe('checking a grant', () => {
  it('accepts a provider consent with its grantee and a period in the future, dates parsed', () => {
    const checked = checkGrant(
      { kind: 'share_with_provider', grantee: GRANTEE, period: { end: '2027-01-01T00:00:00Z' } },
      NOW,
    );
    expect(checked).toEqual({
      kind: 'share_with_provider',
      grantee: GRANTEE,
      period: { end: new Date('2027-01-01T00:00:00Z') },
    });
  });

  it('a provider consent needs a grantee, and only it may name one', () => {
    expect(issuesOf(() => checkGrant({ kind: 'share_with_provider' }, NOW))).toEqual(['/grantee']);
    expect(issuesOf(() => checkGrant({ kind: 'research', grantee: GRANTEE }, NOW))).toEqual([
      '/grantee',
    ]);
  });

  it('a period ends after it starts and not in the past', () => {
    const backwards = { start: '2027-02-01T00:00:00Z', end: '2027-01-01T00:00:00Z' };
    expect(issuesOf(() => checkGrant({ kind: 'research', period: backwards }, NOW))).toEqual([
      '/period/end',
    ]);
    const over = { end: '2026-06-15T11:59:59Z' };
    expect(issuesOf(() => checkGrant({ kind: 'recording', period: over }, NOW))).toEqual([
      '/period/end',
    ]);
    const unreadable = { start: 'tomorrow' };
    expect(issuesOf(() => checkGrant({ kind: 'pharmacy', period: unreadable }, NOW))).toEqual([
      '/period/start',
    ]);
  });
});

describe('checking a restriction’s resource types', () => {
  it('accepts types Haven keeps and names each unknown one', () => {
    expect(() => checkResourceTypes(['Observation', 'DocumentReference'])).not.toThrow();
    expect(issuesOf(() => checkResourceTypes(['Observation', 'Spaceship']))).toEqual([
      '/resourceTypes/1',
    ]);
  });
});
