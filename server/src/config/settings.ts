/**
 * Every setting Haven reads, documented once. Each comes from the environment variable `env`,
 * or from the JSON config file (HAVEN_CONFIG_FILE) under `key`; the environment wins.
 * `secret` settings are never printed, logged or echoed in an error.
 */
export type SettingKind =
  | { type: 'string' }
  | { type: 'url'; protocols: readonly string[] }
  | { type: 'integer'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] };

export interface SettingSpec {
  key: string;
  env: string;
  kind: SettingKind;
  description: string;
  default?: string | number | boolean;
  secret?: boolean;
}

/** Keeps each spec's literal types (key names, enum values) for the typed config below. */
function setting<const S extends SettingSpec>(spec: S): S {
  return spec;
}

export const SETTINGS = [
  setting({
    key: 'mode',
    env: 'HAVEN_MODE',
    kind: { type: 'enum', values: ['development', 'production', 'test'] },
    default: 'development',
    description:
      'development serves on localhost without TLS; production requires TLS (or an explicitly trusted TLS-terminating proxy), sets HSTS and Secure cookies.',
  }),
  setting({
    key: 'host',
    env: 'HAVEN_HOST',
    kind: { type: 'string' },
    default: '127.0.0.1',
    description: 'Address the HTTP server listens on.',
  }),
  setting({
    key: 'port',
    env: 'HAVEN_PORT',
    kind: { type: 'integer', min: 0, max: 65535 },
    default: 8080,
    description: 'Port the HTTP server listens on (0 picks a free port).',
  }),
  setting({
    key: 'databaseUrl',
    env: 'DATABASE_URL',
    kind: { type: 'url', protocols: ['postgres:', 'postgresql:'] },
    secret: true,
    description:
      'PostgreSQL connection URL. When unset, Haven runs on embedded PGlite in the data folder.',
  }),
  setting({
    key: 'databasePoolSize',
    env: 'HAVEN_DB_POOL_SIZE',
    kind: { type: 'integer', min: 1, max: 500 },
    default: 10,
    description: 'Largest number of PostgreSQL connections this process opens.',
  }),
  setting({
    key: 'databaseConnectTimeoutSeconds',
    env: 'HAVEN_DB_CONNECT_TIMEOUT',
    kind: { type: 'integer', min: 0, max: 3600 },
    default: 30,
    description: 'How long start-up keeps retrying an unreachable database before it gives up.',
  }),
  setting({
    key: 'dataDir',
    env: 'HAVEN_DATA_DIR',
    kind: { type: 'string' },
    default: './.haven',
    description:
      'Folder for the embedded PGlite database and, in development, the generated master key file.',
  }),
  setting({
    key: 'masterKeys',
    env: 'HAVEN_MASTER_KEYS',
    kind: { type: 'string' },
    secret: true,
    description:
      'Master keys that wrap the per-tenant data keys: "keyId:base64key[,keyId:base64key...]", current first. Required in production unless HAVEN_MASTER_KEY_FILE is set.',
  }),
  setting({
    key: 'masterKeyFile',
    env: 'HAVEN_MASTER_KEY_FILE',
    kind: { type: 'string' },
    description:
      'File holding the master keys in the HAVEN_MASTER_KEYS format. In development, Haven creates <dataDir>/master.key when neither is set.',
  }),
  setting({
    key: 'tlsCertFile',
    env: 'HAVEN_TLS_CERT_FILE',
    kind: { type: 'string' },
    description: 'PEM certificate chain for HTTPS.',
  }),
  setting({
    key: 'tlsKeyFile',
    env: 'HAVEN_TLS_KEY_FILE',
    kind: { type: 'string' },
    description: 'PEM private key for HTTPS.',
  }),
  setting({
    key: 'trustedProxy',
    env: 'HAVEN_TRUSTED_PROXY',
    kind: { type: 'string' },
    description:
      'Addresses or CIDR ranges (comma-separated) of a TLS-terminating reverse proxy whose X-Forwarded-* headers Haven trusts. Setting it is how production runs without its own certificate.',
  }),
  setting({
    key: 'publicUrl',
    env: 'HAVEN_PUBLIC_URL',
    kind: { type: 'url', protocols: ['http:', 'https:'] },
    description:
      'The address patients and staff use, for links in emails. Must be https in production.',
  }),
  setting({
    key: 'logLevel',
    env: 'HAVEN_LOG_LEVEL',
    kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    default: 'info',
    description: 'Least severe log level written. Logs never carry health data at any level.',
  }),
  setting({
    key: 'bodyLimitBytes',
    env: 'HAVEN_BODY_LIMIT',
    kind: { type: 'integer', min: 1024, max: 1_073_741_824 },
    default: 10_485_760,
    description: 'Largest request body accepted, in bytes; larger ones are refused with 413.',
  }),
  setting({
    key: 'dataRegion',
    env: 'HAVEN_DATA_REGION',
    kind: { type: 'string' },
    default: 'this server',
    description: 'Where the data is stored, as shown in the privacy notice (NOTICE-3).',
  }),
  setting({
    key: 'smtpUrl',
    env: 'HAVEN_SMTP_URL',
    kind: { type: 'url', protocols: ['smtp:', 'smtps:'] },
    secret: true,
    description:
      'Outgoing mail server, e.g. smtps://user:pass@mail.example.org. When unset, messages go to the local outbox folder (<dataDir>/outbox).',
  }),
  setting({
    key: 'mailFrom',
    env: 'HAVEN_MAIL_FROM',
    kind: { type: 'string' },
    default: 'Haven <no-reply@haven.localhost>',
    description: 'From address of every email Haven sends.',
  }),
  setting({
    key: 'fhirPackages',
    env: 'HAVEN_FHIR_PACKAGES',
    kind: { type: 'string' },
    default: '',
    description:
      'Comma-separated paths of FHIR R4 implementation-guide packages (.tgz, e.g. US Core 6.1.0) whose profiles writes may claim. Haven neither ships nor downloads them; a resource claiming a profile not loaded is refused with 422.',
  }),
  setting({
    key: 'mllpPort',
    env: 'HAVEN_MLLP_PORT',
    kind: { type: 'integer', min: 0, max: 65535 },
    description:
      'Port of the HL7 v2 MLLP listener for lab and registration feeds (0 picks a free port). Off when unset. MLLP has no TLS: keep it on loopback or a private network behind a TLS tunnel.',
  }),
  setting({
    key: 'mllpHost',
    env: 'HAVEN_MLLP_HOST',
    kind: { type: 'string' },
    default: '127.0.0.1',
    description: 'Address the MLLP listener binds to (loopback by default).',
  }),
  setting({
    key: 'mllpPractice',
    env: 'HAVEN_MLLP_PRACTICE',
    kind: { type: 'string' },
    description:
      'Slug of the practice the MLLP feed belongs to (required with HAVEN_MLLP_PORT): every message received on it is stored in that practice.',
  }),
] as const;

type Spec = (typeof SETTINGS)[number];
type ValueOf<S extends SettingSpec> = S['kind'] extends { type: 'integer' }
  ? number
  : S['kind'] extends { type: 'boolean' }
    ? boolean
    : S['kind'] extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : string;
type HasDefault<S> = S extends { default: unknown } ? true : false;

/** The validated configuration: settings with a default are always present. */
export type HavenConfig = {
  readonly [S in Spec as HasDefault<S> extends true ? S['key'] : never]: ValueOf<S>;
} & {
  readonly [S in Spec as HasDefault<S> extends true ? never : S['key']]?: ValueOf<S>;
};
