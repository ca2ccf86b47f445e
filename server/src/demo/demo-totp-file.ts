/**
 * The demo staff's TOTP secrets, kept in a file in the data folder (mode 0600) when the demo is
 * seeded, so `haven demo totp` can show a code while Haven runs (on PGlite the database is
 * locked by the running server). Demo accounts only; development only.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEMO_TOTP_FILE = 'demo-totp.json';

export function saveDemoTotpSecrets(dataDir: string, secrets: Record<string, string>): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_TOTP_FILE);
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readDemoTotpSecret(dataDir: string, email: string): string | undefined {
  try {
    const secrets = JSON.parse(readFileSync(path.join(dataDir, DEMO_TOTP_FILE), 'utf8')) as Record<
      string,
      unknown
    >;
    const secret = secrets[email.toLowerCase()];
    return typeof secret === 'string' ? secret : undefined;
  } catch {
    return undefined;
  }
}
