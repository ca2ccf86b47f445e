/**
 * Where the master keys come from: HAVEN_MASTER_KEYS, else HAVEN_MASTER_KEY_FILE, else (outside
 * production only) a key file generated once in the data folder, so `npm start` works on a
 * fresh machine. Production never generates a key: losing it would lose every record.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HavenConfig } from '../config/settings.js';
import { ConfigError } from '../config/config-error.js';
import { LocalMasterKeyProvider, generateMasterKeyString } from '../crypto/index.js';

export function resolveMasterKeys(config: HavenConfig): LocalMasterKeyProvider {
  const { text, setting } = masterKeyText(config);
  try {
    return LocalMasterKeyProvider.fromConfig({ keys: text.trim() });
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid';
    throw new ConfigError(`${setting}: ${reason}`);
  }
}

function masterKeyText(config: HavenConfig): { text: string; setting: string } {
  if (config.masterKeys) return { text: config.masterKeys, setting: 'HAVEN_MASTER_KEYS' };
  if (config.masterKeyFile) {
    try {
      return { text: readFileSync(config.masterKeyFile, 'utf8'), setting: 'HAVEN_MASTER_KEY_FILE' };
    } catch {
      throw new ConfigError(`HAVEN_MASTER_KEY_FILE: cannot read ${config.masterKeyFile}`);
    }
  }
  if (config.mode === 'production') {
    throw new ConfigError('HAVEN_MASTER_KEYS: required in production');
  }
  const file = path.resolve(config.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${generateMasterKeyString('dev-1')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return { text: readFileSync(file, 'utf8'), setting: 'HAVEN_MASTER_KEY_FILE' };
}
