/**
 * SMART on FHIR scopes (App Launch v2, with v1's `.read`/`.write`/`.*` accepted as aliases): the
 * syntax, whether a set of scopes allows an interaction on a resource type, and whether a
 * requested scope is within what a client was registered for. Pure: no I/O.
 *
 * Scopes are an upper bound on what a token may do; the access gate still decides each record.
 * Granular v2 scopes with a query (`patient/Observation.rs?category=laboratory`) are refused for
 * now: allowing them as if unrestricted would widen access, and honouring the query needs the
 * search layer.
 */

export type ScopeContext = 'patient' | 'user' | 'system';
export type Interaction = 'read' | 'search' | 'create' | 'update' | 'delete';
type Letter = 'c' | 'r' | 'u' | 'd' | 's';

/** A parsed resource scope, e.g. `system/Observation.rs`. */
export interface ResourceScope {
  context: ScopeContext;
  /** A FHIR resource type, or `*` for every type. */
  resourceType: string;
  permissions: ReadonlySet<Letter>;
}

/** Scopes about the launch and the user rather than resources (authorization-code flow). */
export const LAUNCH_SCOPES: readonly string[] = [
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
];

const INTERACTION_LETTER: Record<Interaction, Letter> = {
  create: 'c',
  read: 'r',
  update: 'u',
  delete: 'd',
  search: 's',
};
const V1_ALIASES: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
// v2 letters appear at most once each, in this order; the empty string is not a permission.
const V2_PERMISSIONS = /^c?r?u?d?s?$/;
const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{1,63})\.([a-z*]{1,5})$/;

/** Parses one resource scope; undefined for anything else (launch scopes, bad syntax). */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, context, resourceType, rawPermissions] = match as unknown as [
    string,
    ScopeContext,
    string,
    string,
  ];
  const letters = V1_ALIASES[rawPermissions] ?? rawPermissions;
  if (letters === '' || !V2_PERMISSIONS.test(letters)) return undefined;
  return { context, resourceType, permissions: new Set([...letters] as Letter[]) };
}

/**
 * Whether any of `scopes` allows `interaction` on `resourceType`. Unknown or malformed scopes
 * allow nothing (fail closed). The context (patient/user/system) narrows whose records, which
 * the principal and the gate enforce; it does not change which interactions are allowed.
 */
export function scopeAllows(
  scopes: readonly string[],
  resourceType: string,
  interaction: Interaction,
): boolean {
  const letter = INTERACTION_LETTER[interaction];
  return scopes.some((scope) => {
    const parsed = parseResourceScope(scope);
    return (
      parsed !== undefined &&
      (parsed.resourceType === '*' || parsed.resourceType === resourceType) &&
      parsed.permissions.has(letter)
    );
  });
}

/**
 * Whether `requested` asks for nothing beyond `granted`: each of its letters is allowed by a
 * granted scope of the same context for the same type or for `*`. Launch scopes must be granted
 * as they are. So `system/Observation.r` is within `system/*.rs`, `system/*.r` is not within
 * `system/Observation.rs`.
 */
export function scopeWithin(requested: string, granted: readonly string[]): boolean {
  const wanted = parseResourceScope(requested);
  if (!wanted) return LAUNCH_SCOPES.includes(requested) && granted.includes(requested);
  const covering = granted
    .map(parseResourceScope)
    .filter(
      (g): g is ResourceScope =>
        g !== undefined &&
        g.context === wanted.context &&
        (g.resourceType === '*' || g.resourceType === wanted.resourceType),
    );
  return [...wanted.permissions].every((letter) => covering.some((g) => g.permissions.has(letter)));
}

/** The scopes of an OAuth `scope` parameter: space-separated, duplicates dropped, in order. */
export function splitScopeParameter(value: string): string[] {
  return [...new Set(value.split(' ').filter((s) => s !== ''))];
}

/** A scope that cannot be used where it was given: its position and why (never its text). */
export interface ScopeProblem {
  index: number;
  message: string;
}

/**
 * Why scopes cannot be registered or granted for these contexts (empty when all are fine).
 * `launchScopes` allows the launch scopes, which only the authorization-code flow uses.
 */
export function scopeProblems(
  scopes: readonly string[],
  contexts: readonly ScopeContext[],
  launchScopes = false,
): ScopeProblem[] {
  const problems: ScopeProblem[] = [];
  scopes.forEach((scope, index) => {
    const parsed = parseResourceScope(scope);
    if (parsed) {
      if (!contexts.includes(parsed.context))
        problems.push({ index, message: `only ${contexts.join('/, ')}/ scopes are allowed here` });
    } else if (!(launchScopes && LAUNCH_SCOPES.includes(scope))) {
      problems.push({ index, message: 'is not a supported SMART scope' });
    }
  });
  return problems;
}
