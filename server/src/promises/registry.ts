// The promise registry: every privacy promise, its status, the code that keeps it and the tests
// that prove it. The privacy notice is generated from this file, so it is validated strictly: a
// typo in a status or a field name must fail loudly rather than weaken what the notice claims.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';

const RepoPath = Type.String({ pattern: '^[\\w.-]+(/[\\w.-]+)*$' });

export const PromiseStatusSchema = Type.Union([
  Type.Literal('enforced'),
  Type.Literal('partial'),
  Type.Literal('planned'),
]);

export const PromiseTestSchema = Type.Object(
  {
    // Unit and database tests (*.test.ts), and end-to-end browser tests (e2e/*.e2e.ts).
    file: Type.String({ pattern: '^[\\w.-]+(/[\\w.-]+)*\\.(test\\.tsx?|e2e\\.ts)$' }),
    name: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const PromiseEntrySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Z]+-[1-9][0-9]*$' }),
    area: Type.String({ minLength: 1 }),
    promise: Type.String({ minLength: 1 }),
    behaviour: Type.String({ minLength: 1 }),
    seeds: Type.Array(Type.String({ pattern: '^[0-9]{3}$' })),
    status: PromiseStatusSchema,
    code: Type.Array(RepoPath),
    tests: Type.Array(PromiseTestSchema),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PromiseRegistrySchema = Type.Array(PromiseEntrySchema);

export type PromiseStatus = Static<typeof PromiseStatusSchema>;
export type PromiseTest = Static<typeof PromiseTestSchema>;
export type PromiseEntry = Static<typeof PromiseEntrySchema>;
export type PromiseRegistry = Static<typeof PromiseRegistrySchema>;

/** Turns a JSON pointer tail such as `/tests/1/name` into `tests[1].name`. */
function fieldName(pointer: string[]): string {
  return pointer
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

/** Describes the first schema error of one entry, e.g. `field "status" must be ...`. */
function describeEntryError(entry: unknown): string | undefined {
  const [error] = Value.Errors(PromiseEntrySchema, entry);
  if (!error) return undefined;
  const pointer = error.instancePath.split('/').slice(1);
  const params = error.params as { requiredProperties?: string[]; additionalProperties?: string[] };
  if (error.keyword === 'required' && params.requiredProperties?.length) {
    return `missing field "${fieldName([...pointer, params.requiredProperties[0] ?? ''])}"`;
  }
  if (pointer[0] === 'status') {
    return `field "status" must be one of enforced, partial, planned`;
  }
  // additionalProperties reports on the extra key's own path with keyword "boolean".
  if (error.keyword === 'boolean' || params.additionalProperties?.length) {
    const extra = params.additionalProperties?.[0];
    return `unknown field "${fieldName(extra ? [...pointer, extra] : pointer)}"`;
  }
  return `field "${fieldName(pointer)}" ${error.message}`;
}

function entryLabel(entry: unknown, index: number): string {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? `entry ${index} (${id})` : `entry ${index}`;
}

/**
 * Validates parsed registry JSON. Throws an Error naming the first bad entry (index and ID) and
 * the offending field; also rejects duplicated IDs, which would let two entries disagree about
 * one promise.
 */
export function parsePromiseRegistry(data: unknown): PromiseRegistry {
  if (!Array.isArray(data)) throw new Error('promise registry: expected an array of entries');
  const seen = new Map<string, number>();
  data.forEach((entry: unknown, index) => {
    const problem = describeEntryError(entry);
    if (problem) throw new Error(`promise registry: ${entryLabel(entry, index)}: ${problem}`);
    const { id } = entry as PromiseEntry;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new Error(
        `promise registry: ${entryLabel(entry, index)}: duplicated id "${id}" (also entry ${first})`,
      );
    }
    seen.set(id, index);
  });
  return data as PromiseRegistry;
}

/** Reads and validates `registry.json`, which ships next to this module. */
export function loadPromiseRegistry(): PromiseRegistry {
  const url = new URL('./registry.json', import.meta.url);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    throw new Error(`promise registry: cannot read ${url.pathname}`, { cause: error });
  }
  return parsePromiseRegistry(data);
}

const TEST_CALL =
  /(?<![.\w$])(?:it|test)((?:\.\w+)*)\s*\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`)/g;

// A skipped, todo or expected-to-fail test proves nothing, so it does not count as a link.
const NON_PROVING = new Set(['skip', 'todo', 'fails']);

/** The static titles of the it()/test() calls in a test file, with escapes undone. */
export function testTitles(source: string): { title: string; proving: boolean }[] {
  const titles: { title: string; proving: boolean }[] = [];
  for (const match of source.matchAll(TEST_CALL)) {
    const raw = match[2] ?? match[3] ?? match[4];
    if (raw === undefined || (match[4] !== undefined && raw.includes('${'))) continue;
    const modifiers = (match[1] ?? '').split('.').filter(Boolean);
    titles.push({
      title: raw.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch)),
      proving: !modifiers.some((m) => NON_PROVING.has(m)),
    });
  }
  return titles;
}

/**
 * Checks that the registry's links hold in the repository at `repoRoot`. Returns one readable line
 * per problem (empty when all is well): an enforced or partial promise with no test, a linked code
 * or test file that does not exist, or a linked test name that is not the title of an it()/test()
 * call in its file.
 */
export function checkRegistryLinks(registry: PromiseRegistry, repoRoot: string): string[] {
  const problems: string[] = [];
  const titlesByFile = new Map<string, ReturnType<typeof testTitles> | undefined>();
  const titlesOf = (file: string): ReturnType<typeof testTitles> | undefined => {
    if (!titlesByFile.has(file)) {
      const full = path.resolve(repoRoot, file);
      titlesByFile.set(file, existsSync(full) ? testTitles(readFileSync(full, 'utf8')) : undefined);
    }
    return titlesByFile.get(file);
  };

  for (const entry of registry) {
    const label = `${entry.id} (${entry.status})`;
    if (entry.status !== 'planned' && entry.tests.length === 0) {
      problems.push(`${label}: claims to be ${entry.status} but links no test`);
    }
    for (const file of entry.code) {
      if (!existsSync(path.resolve(repoRoot, file))) {
        problems.push(`${label}: code file ${file} does not exist`);
      }
    }
    for (const test of entry.tests) {
      const titles = titlesOf(test.file);
      if (!titles) {
        problems.push(`${label}: test file ${test.file} does not exist`);
        continue;
      }
      const found = titles.filter((t) => t.title === test.name);
      if (found.length === 0) {
        problems.push(`${label}: no it()/test() titled "${test.name}" in ${test.file}`);
      } else if (!found.some((t) => t.proving)) {
        problems.push(`${label}: test "${test.name}" in ${test.file} is skipped, todo or fails`);
      }
    }
  }
  return problems;
}
