import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import { ConfigError } from '../../config/config-error.js';
import { platformScope } from '../../crypto/index.js';
import { systemTransaction } from '../../db/transactions.js';
import { findAccountByEmail } from '../../identity/accounts/accounts.js';
import { totpCodeAt, unsafeActiveTotpSecret } from '../../identity/mfa/index.js';
import { createLogger } from '../../log/logger.js';
import { readDemoTotpSecret } from '../../demo/demo-totp-file.js';

const DEMO_DOMAIN = '@demo.haven.test';

function printCode(secret: string): void {
  const now = new Date();
  const left = 30 - (Math.floor(now.getTime() / 1000) % 30);
  console.log(`${totpCodeAt(secret, now)}  (valid for ${left} more seconds)`);
}

export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('helpers for the demo practice (never in production)');
  demo
    .command('totp')
    .description(
      'print the current TOTP code of a demo staff account (what their authenticator app would show)',
    )
    .argument('<email>', `a demo account, ending in ${DEMO_DOMAIN}`)
    .action(async (email: string) => {
      const config = loadConfig();
      if (config.mode === 'production')
        throw new ConfigError('HAVEN_MODE: demo helpers are not available in production');
      if (!email.toLowerCase().endsWith(DEMO_DOMAIN)) {
        throw new ConfigError(`demo totp: only demo accounts (${DEMO_DOMAIN}) are shown`);
      }
      const fromFile = readDemoTotpSecret(config.dataDir, email);
      if (fromFile) {
        printCode(fromFile);
        return;
      }
      const haven = await openHaven(config, createLogger({ level: config.logLevel }));
      try {
        const key = await haven.keyring.dataKey(platformScope());
        const secret = await systemTransaction(haven.db, async (tx) => {
          const account = await findAccountByEmail(tx, key, email);
          return account ? unsafeActiveTotpSecret(tx, key, account.id) : undefined;
        });
        if (!secret) {
          console.error(`haven: ${email} has no authenticator app enrolled`);
          process.exitCode = 1;
          return;
        }
        printCode(secret);
      } finally {
        await haven.close();
      }
    });
}
