import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next';

describe('where sign-in goes next', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/portal/results')).toBe('/portal/results');
    expect(safeNextPath('/console?tab=1')).toBe('/console?tab=1');
  });

  it('never leaves the site: other hosts, protocol-relative and backslash paths go to the start', () => {
    for (const next of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/portal\n//evil',
      '/\tportal',
    ]) {
      expect(safeNextPath(next), String(next)).toBe('/');
    }
  });
});
