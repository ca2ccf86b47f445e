import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkNewPassword,
  PASSWORD_MAX_LENGTH,
  type PasswordCheck,
  type PasswordProblemCode,
} from './password-policy.js';

function codes(result: PasswordCheck): PasswordProblemCode[] {
  return result.ok ? [] : result.problems.map((problem) => problem.code);
}

/** A random string of `length` characters drawn from letters, digits and punctuation. */
function randomPassword(length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%&*+-=?@^_~';
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

describe('checkNewPassword', () => {
  it('refuses 11 characters and accepts 12', () => {
    expect(codes(checkNewPassword('vq7ZmK2wLp4'))).toContain('too_short');
    expect(checkNewPassword('vq7ZmK2wLp4x')).toEqual({ ok: true });
  });

  it('counts Unicode code points after NFKC, so emoji and accents count once each', () => {
    // 11 code points: one short, although the string is longer in UTF-16 units.
    expect(codes(checkNewPassword('🦊🐙🌵🚲 mañana'))).toContain('too_short');
    expect(checkNewPassword('🦊🐙🌵🚲 mañana tú')).toEqual({ ok: true });
  });

  it('refuses more than 256 characters without scoring them', () => {
    const result = checkNewPassword(randomPassword(PASSWORD_MAX_LENGTH + 1));
    expect(codes(result)).toEqual(['too_long']);
    expect(checkNewPassword(randomPassword(PASSWORD_MAX_LENGTH))).toEqual({ ok: true });
  });

  it('accepts a long passphrase of ordinary words, spaces included', () => {
    expect(checkNewPassword('violet tractor whisper lagoon')).toEqual({ ok: true });
    expect(checkNewPassword('correcthorsebatterystaple')).toEqual({ ok: true });
  });

  it.each(['password1234', 'qwertyuiop123', 'Password123!', 'PASSWORD1234', '!!qwertyuiop!!'])(
    'refuses %s as common',
    (password) => {
      const result = checkNewPassword(password);
      expect(codes(result)).toContain('common');
      expect(result.ok).toBe(false);
    },
  );

  it('refuses the email local part and names of 4+ letters, case-insensitively', () => {
    const context = { email: 'Marisol.Fuentes+portal@example.org', names: ['Ann Lee', 'Okonkwo'] };
    expect(codes(checkNewPassword('xX-marisol.fuentes-77!q', context))).toContain(
      'contains_personal',
    );
    expect(codes(checkNewPassword('blue FUENTES lantern 9', context))).toContain(
      'contains_personal',
    );
    expect(codes(checkNewPassword('okonkwo violet lagoon', context))).toContain(
      'contains_personal',
    );
    // "Ann" and "Lee" are too short to refuse anything that happens to contain them.
    expect(checkNewPassword('planning a leeward trip', context)).toEqual({ ok: true });
  });

  it('refuses guessable passwords as weak', () => {
    expect(codes(checkNewPassword('aaaaaaaaaaaaaaaa'))).toEqual(['weak']);
    expect(codes(checkNewPassword('mnbvcxzlkjhgfdsa'))).toEqual(['weak']);
    expect(codes(checkNewPassword('hellohellohello'))).toEqual(['weak']);
    expect(codes(checkNewPassword('p@ssw0rd'.repeat(32)))).toEqual(['weak']);
  });

  it('accepts a random 16-character string, all spaces and symbols allowed', () => {
    for (let i = 0; i < 5; i++) {
      expect(checkNewPassword(randomPassword(16))).toEqual({ ok: true });
    }
    expect(checkNewPassword('  two  spaces  and  tabs\t ')).toEqual({ ok: true });
  });

  it('gives an English message with each problem and never echoes the password', () => {
    const result = checkNewPassword('Password123!', { email: 'password@example.org' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const problem of result.problems) {
      expect(problem.message).toMatch(/^[A-Z].+\.$/);
      expect(problem.message).not.toContain('Password123');
    }
  });

  it('does not let one check leak its personal words into the next', () => {
    expect(codes(checkNewPassword('zanzibar orchid kettle', { names: ['Zanzibar'] }))).toContain(
      'contains_personal',
    );
    expect(checkNewPassword('zanzibar orchid kettle')).toEqual({ ok: true });
  });

  it('checks quickly once the word lists are loaded', () => {
    checkNewPassword(randomPassword(20));
    const inputs = [randomPassword(16), randomPassword(64), 'violet tractor whisper lagoon'];
    for (const password of inputs) {
      expect(checkNewPassword(password, { email: 'jo@example.org' }).ok).toBe(true);
    }
  });
});
