/**
 * What may appear in a log line. Logs leave the database's protection (they go to files, log
 * shippers, support tickets), so they must never carry health data, names, emails, tokens or
 * secrets, in any environment (DATA-16). Rather than listing what to hide, which always misses
 * the next field, we list what may be shown: every logged object is rebuilt keeping only keys
 * named here, and any other value becomes "[redacted]".
 */
const SAFE_KEYS = new Set([
  // request and actor identity (opaque ids)
  'reqId',
  'requestId',
  'actorId',
  'tenantId',
  'sessionId',
  // request shape, with the query already masked by maskUrl
  'req',
  'res',
  'method',
  'url',
  'route',
  'statusCode',
  'responseTime',
  'remoteAddress',
  'contentLength',
  // errors, reduced by serializeError
  'err',
  'type',
  'code',
  'errorCode',
  'stack',
  // operational facts
  'driver',
  'location',
  'address',
  'port',
  'mode',
  'migration',
  'migrations',
  'applied',
  'attempt',
  'reason',
  'count',
  'durationMs',
  'event',
  'version',
]);

const REDACTED = '[redacted]';
const MAX_DEPTH = 4;

interface RequestLike {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
  ip?: string;
}

// Objects that get a fixed shape before the allow-list applies. pino runs its log formatter
// before its serializers, so the shaping happens here, in one place.
const SHAPERS: Record<string, (value: unknown) => unknown> = {
  err: serializeError,
  error: serializeError,
  req: (value) => {
    const req = value as RequestLike;
    return {
      method: req.method,
      url: maskUrl(req.url ?? ''),
      route: req.routeOptions?.url,
      remoteAddress: req.ip,
    };
  },
  res: (value) => ({ statusCode: (value as { statusCode?: number }).statusCode }),
};

/** Rebuilds a log object keeping only allow-listed keys (see the module comment). */
export function redactLogObject(value: Record<string, unknown>): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const shape = SHAPERS[key];
    shaped[key] = shape && inner !== null && typeof inner === 'object' ? shape(inner) : inner;
  }
  return redactRecord(shaped, 0);
}

const OWN_MESSAGE_ERRORS = [
  'AppError',
  'ConfigError',
  'MigrationError',
  'DatabaseUnavailableError',
];

/** True for errors whose message Haven wrote itself and keeps free of data. */
export function hasOwnMessage(error: Error): boolean {
  return OWN_MESSAGE_ERRORS.includes(error.name);
}

function redactRecord(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SAFE_KEYS.has(key) ? redactValue(inner, depth + 1) : REDACTED;
  }
  return out;
}

function redactValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return redactRecord(value as Record<string, unknown>, depth);
}

/**
 * A URL fit for a log: the path, and the names of query parameters with their values masked.
 * FHIR search puts names and birth dates in the query string (`?name=...&birthdate=...`).
 */
export function maskUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return maskPath(url);
  const path = maskPath(url.slice(0, queryStart));
  const names = new URLSearchParams(url.slice(queryStart + 1)).keys();
  return `${path}?${[...new Set(names)].map((name) => `${encodeURIComponent(name)}=*`).join('&')}`;
}

// Path segments are routes and opaque ids; anything that looks like a value (an email, a
// long free-text segment) is masked in case a client put it in the path.
function maskPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^[A-Za-z0-9._$-]{0,64}$/.test(segment) ? segment : '*'))
    .join('/');
}

/**
 * An error reduced to what is safe to log: its class, stable code and stack frames. Messages
 * of errors we did not raise ourselves can quote data (PostgreSQL's "Key (x)=(...) already
 * exists"), so only AppError and configuration/database-availability messages are kept.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '));
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(hasOwnMessage(error) ? { reason: error.message } : {}),
    stack: frames.join('\n'),
  };
}
