import { readFileSync } from 'node:fs';
import { SETTINGS, type HavenConfig, type SettingSpec } from './settings.js';
import { checkTlsPolicy } from './tls-policy.js';
import { ConfigError } from './config-error.js';

export { ConfigError };

type Source = Readonly<Record<string, string | undefined>>;

/**
 * Reads every setting from the environment, then the optional JSON file named by
 * HAVEN_CONFIG_FILE, validates each against its spec and the cross-setting rules (TLS in
 * production), and returns the typed configuration. The first problem throws a ConfigError.
 */
export function loadConfig(env: Source = process.env): HavenConfig {
  const file = readConfigFile(env.HAVEN_CONFIG_FILE);
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const spec of SETTINGS as readonly SettingSpec[]) {
    const fromEnv = env[spec.env];
    const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : file[spec.key];
    values[spec.key] = raw === undefined ? spec.default : parseSetting(spec, raw);
  }
  const config = values as unknown as HavenConfig;
  checkTlsPolicy(config);
  return config;
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`HAVEN_CONFIG_FILE: cannot read the config file ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`HAVEN_CONFIG_FILE: ${path} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`HAVEN_CONFIG_FILE: ${path} must hold a JSON object of settings`);
  }
  const known = new Set(SETTINGS.map((s): string => s.key));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new ConfigError(`HAVEN_CONFIG_FILE: unknown setting "${key}"`);
  }
  return parsed as Record<string, unknown>;
}

/** Parses one raw value (a string from the environment, or a JSON value from the file). */
export function parseSetting(spec: SettingSpec, raw: unknown): string | number | boolean {
  const fail = (expected: string): never => {
    const shown = spec.secret ? '' : ` (got ${JSON.stringify(raw)})`;
    throw new ConfigError(`${spec.env}: must be ${expected}${shown}`);
  };
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const kind = spec.kind;
  switch (kind.type) {
    case 'integer': {
      const n = typeof text === 'number' ? text : /^-?\d+$/.test(String(text)) ? Number(text) : NaN;
      if (!Number.isInteger(n) || n < kind.min || n > kind.max) {
        return fail(`an integer from ${kind.min} to ${kind.max}`);
      }
      return n;
    }
    case 'boolean':
      if (text === true || text === 'true' || text === '1') return true;
      if (text === false || text === 'false' || text === '0') return false;
      return fail('true or false');
    case 'enum':
      if (typeof text === 'string' && kind.values.includes(text)) return text;
      return fail(`one of ${kind.values.join(', ')}`);
    case 'url': {
      if (typeof text !== 'string') return fail('a URL');
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return fail(`a URL starting with ${kind.protocols.join(' or ')}//`);
      }
      if (!kind.protocols.includes(url.protocol)) {
        return fail(`a URL starting with ${kind.protocols.join(' or ')}//`);
      }
      return text;
    }
    case 'string':
      if (typeof text !== 'string' || text === '') return fail('a non-empty string');
      return text;
  }
}
