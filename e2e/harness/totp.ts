/**
 * TOTP codes as an authenticator app would show them (SHA-1, 6 digits, 30-second steps). Haven
 * accepts each time step once per account, and one step either side of its clock; so each
 * code handed out here is for a later step than the last one given for that account, waiting
 * for the clock when the next usable step is still too far ahead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;
/** The last step handed out, per secret (so per account). */
const lastStep = new Map<string, number>();

function totpFor(secretBase32: string): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(secretBase32.replace(/\s+/g, '')),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_MS / 1000,
  });
}

/** A code Haven has not taken yet for this secret (enrolment confirmations count too). */
export async function freshTotpCode(secretBase32: string): Promise<string> {
  const secret = secretBase32.replace(/\s+/g, '');
  for (;;) {
    const current = Math.floor(Date.now() / PERIOD_MS);
    const previous = lastStep.get(secret);
    const step = previous === undefined ? current : Math.max(current, previous + 1);
    // The server accepts the next step too; further ahead, wait for the clock.
    if (step <= current + 1) {
      lastStep.set(secret, step);
      return totpFor(secret).generate({ timestamp: step * PERIOD_MS });
    }
    await new Promise((resolve) => setTimeout(resolve, (step - 1) * PERIOD_MS - Date.now() + 50));
  }
}

/** The TOTP secret `haven start --seed-demo` wrote for a demo staff member. */
export function demoTotpSecret(dataDir: string, email: string): string {
  const secrets = JSON.parse(readFileSync(path.join(dataDir, 'demo-totp.json'), 'utf8')) as Record<
    string,
    string
  >;
  const secret = secrets[email.toLowerCase()];
  if (!secret) throw new Error(`no demo TOTP secret for ${email}`);
  return secret;
}
