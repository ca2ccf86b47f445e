// The registry must list exactly the promises of PROMISES.md, and every promise it calls enforced
// or partial must link tests that exist: a promise without a passing test is a bug.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePromisesMarkdown } from './promises-md.js';
import { checkRegistryLinks, loadPromiseRegistry } from './registry.js';
import { sharedPath } from '../../test/shared-data.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const promisesFile = sharedPath('PROMISES.md');

function readPromises(): ReturnType<typeof parsePromisesMarkdown> {
  expect(
    existsSync(promisesFile),
    `${promisesFile} is missing; the registry is checked against it (CI always provides it)`,
  ).toBe(true);
  return parsePromisesMarkdown(readFileSync(promisesFile, 'utf8'));
}

describe('promise registry', () => {
  it('lists exactly the IDs of PROMISES.md, in order, with the same promise text', () => {
    const expected = readPromises();
    const registry = loadPromiseRegistry();
    expect(registry.map((e) => e.id)).toEqual(expected.map((p) => p.id));
    expect(registry.map((e) => [e.id, e.promise])).toEqual(expected.map((p) => [p.id, p.promise]));
  });

  it('carries the area, seeds and behaviour of PROMISES.md', () => {
    const expected = readPromises().map(({ id, area, seeds, behaviour }) => ({
      id,
      area,
      seeds,
      behaviour,
    }));
    const actual = loadPromiseRegistry().map(({ id, area, seeds, behaviour }) => ({
      id,
      area,
      seeds,
      behaviour,
    }));
    expect(actual).toEqual(expected);
  });

  it('every enforced or partial promise links tests that exist', () => {
    expect(checkRegistryLinks(loadPromiseRegistry(), repoRoot)).toEqual([]);
  });
});
