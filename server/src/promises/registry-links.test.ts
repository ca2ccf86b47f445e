// checkRegistryLinks on a throwaway repository, so the checker is proven independently of which
// promises the real registry links today.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryLinks } from './registry.js';
import type { PromiseEntry } from './registry.js';

let root: string;

const TEST_FILE = [
  "import { it, test } from 'vitest';",
  "it('single quoted title', () => {});",
  'test("double quoted title", () => {});',
  'it(`backtick title`, () => {});',
  "it('it doesn\\'t leak', () => {});",
  "it.skip('skipped title', () => {});",
  "describe('a describe title', () => {});",
  "const x = /re/.test('regex argument');",
].join('\n');

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'haven-promises-'));
  mkdirSync(path.join(root, 'server/src/x'), { recursive: true });
  writeFileSync(path.join(root, 'server/src/x/thing.ts'), 'export {};\n');
  writeFileSync(path.join(root, 'server/src/x/thing.test.ts'), TEST_FILE);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const entry = (extra: Partial<PromiseEntry>): PromiseEntry => ({
  id: 'SEC-1',
  area: 'Access control and security',
  promise: 'Encrypted in transit (TLS)',
  behaviour: 'HTTPS only',
  seeds: ['000'],
  status: 'enforced',
  code: ['server/src/x/thing.ts'],
  tests: [],
  ...extra,
});

const linked = (name: string, file = 'server/src/x/thing.test.ts'): Partial<PromiseEntry> => ({
  tests: [{ file, name }],
});

describe('checkRegistryLinks', () => {
  it('reports an enforced or partial promise with no test', () => {
    expect(checkRegistryLinks([entry({})], root)).toEqual([
      'SEC-1 (enforced): claims to be enforced but links no test',
    ]);
    expect(checkRegistryLinks([entry({ status: 'partial' })], root)).toHaveLength(1);
  });

  it('accepts a planned promise with no code and no test', () => {
    expect(checkRegistryLinks([entry({ status: 'planned', code: [] })], root)).toEqual([]);
  });

  it('reports a missing code file', () => {
    const problems = checkRegistryLinks(
      [entry({ code: ['server/src/x/gone.ts'], ...linked('single quoted title') })],
      root,
    );
    expect(problems).toEqual(['SEC-1 (enforced): code file server/src/x/gone.ts does not exist']);
  });

  it('reports a missing test file', () => {
    const problems = checkRegistryLinks(
      [entry(linked('single quoted title', 'server/src/x/gone.test.ts'))],
      root,
    );
    expect(problems).toEqual([
      'SEC-1 (enforced): test file server/src/x/gone.test.ts does not exist',
    ]);
  });

  it('reports a test name that is not an it()/test() title in the file', () => {
    for (const name of ['no such title', 'a describe title', 'regex argument', 'single quoted']) {
      expect(checkRegistryLinks([entry(linked(name))], root)).toEqual([
        `SEC-1 (enforced): no it()/test() titled "${name}" in server/src/x/thing.test.ts`,
      ]);
    }
  });

  it.each(['single quoted title', 'double quoted title', 'backtick title', "it doesn't leak"])(
    'accepts a title present in the file: %s',
    (name) => {
      expect(checkRegistryLinks([entry(linked(name))], root)).toEqual([]);
    },
  );

  it('does not count a skipped test as proof', () => {
    expect(checkRegistryLinks([entry(linked('skipped title'))], root)).toEqual([
      'SEC-1 (enforced): test "skipped title" in server/src/x/thing.test.ts is skipped, todo or fails',
    ]);
  });
});
