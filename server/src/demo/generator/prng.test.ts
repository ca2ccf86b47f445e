import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Rng', () => {
  it('repeats the same stream for the same seed and differs for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(seqA);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });

  it('draws version-4 shaped UUIDs without repeats', () => {
    const rng = new Rng(99);
    const ids = Array.from({ length: 1000 }, () => rng.uuid());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never picks a zero-weight entry and roughly honours weights', () => {
    const rng = new Rng(3);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 4000; i++) {
      counts[
        rng.weighted([
          ['a', 3],
          ['b', 1],
          ['never', 0],
        ] as const)
      ]++;
    }
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.4);
    expect(counts.a / counts.b).toBeLessThan(3.7);
  });

  it('gives normal-ish values centred on the mean', () => {
    const rng = new Rng(11);
    const values = Array.from({ length: 4000 }, () => rng.normal(100, 10));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(99);
    expect(mean).toBeLessThan(101);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...values)).toBeLessThanOrEqual(160);
  });

  it('shuffles into a permutation and forks independent streams deterministically', () => {
    const rng = new Rng(5);
    const shuffled = rng.shuffle([1, 2, 3, 4, 5, 6]);
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Rng(5).fork().uint32()).toBe(new Rng(5).fork().uint32());
  });
});

describe('generator sources', () => {
  // The generator must be pure: no ambient randomness and no clock.
  it('use neither Math.random nor the current time', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      // Comments may mention them (to say they are not used); code may not.
      const text = readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(text, file).not.toMatch(/Math\.random|Date\.now|performance\.now|new Date\(\)/);
    }
  });
});
