import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  deriveBlindIndexKey,
  normaliseForBlindIndex,
  systemValue,
} from './blind-index.js';

const tenantKey = randomBytes(32);
const key = deriveBlindIndexKey(tenantKey);

describe('blind index', () => {
  it("matches `José  O'Neil` and `jose o neil`", () => {
    expect(normaliseForBlindIndex('name', "  José  O'Neil ")).toBe('jose o neil');
    expect(blindIndex(key, 'name', "José  O'Neil")).toBe(blindIndex(key, 'name', 'jose o neil'));
    expect(blindIndex(key, 'name', 'Anne-Marie')).toBe(blindIndex(key, 'name', 'anne marie'));
    expect(blindIndex(key, 'name', 'Zoë')).not.toBe(blindIndex(key, 'name', 'Zoey'));
  });

  it('is 16 bytes of base64url', () => {
    expect(blindIndex(key, 'email', 'a@example.org')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('differs by field', () => {
    expect(blindIndex(key, 'name', 'smith')).not.toBe(blindIndex(key, 'email', 'smith'));
    expect(blindIndex(key, 'identifier', 'sys|1')).not.toBe(blindIndex(key, 'code', 'sys|1'));
  });

  it('differs by tenant key', () => {
    const other = deriveBlindIndexKey(randomBytes(32));
    expect(blindIndex(key, 'name', 'jose')).not.toBe(blindIndex(other, 'name', 'jose'));
  });

  it('derives a key that is stable and not the encryption key', () => {
    expect(deriveBlindIndexKey(tenantKey)).toEqual(key);
    expect(key).not.toEqual(tenantKey);
    expect(key.length).toBe(32);
  });

  it('normalises emails and phones', () => {
    expect(normaliseForBlindIndex('email', '  Jo@Example.ORG ')).toBe('jo@example.org');
    expect(normaliseForBlindIndex('phone', '+44 (20) 7946-0000')).toBe('442079460000');
    expect(blindIndex(key, 'phone', '+1 555 0100')).toBe(blindIndex(key, 'phone', '1-555-0100'));
  });

  it('keeps identifier case but trims', () => {
    expect(normaliseForBlindIndex('identifier', ' urn:mrn | AbC123 ')).toBe('urn:mrn|AbC123');
    expect(blindIndex(key, 'identifier', systemValue('urn:mrn', 'abc123'))).not.toBe(
      blindIndex(key, 'identifier', systemValue('urn:mrn', 'ABC123')),
    );
    expect(normaliseForBlindIndex('code', 'http://loinc.org|8867-4')).toBe(
      'http://loinc.org|8867-4',
    );
    expect(() => normaliseForBlindIndex('identifier', 'no-system')).toThrow(TypeError);
    expect(() => normaliseForBlindIndex('code', 'http://loinc.org|  ')).toThrow(TypeError);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(normaliseForBlindIndex('date', '1980-02-29')).toBe('1980-02-29');
    for (const bad of ['1981-02-29', '1980-13-01', '1980-00-10', '1980-1-1', '01/02/1980', '']) {
      expect(() => blindIndex(key, 'date', bad)).toThrow(TypeError);
    }
    expect(() => blindIndex(key, 'date', ' 1980-02-01')).toThrow(TypeError);
    expect(() => blindIndex(key, 'date', '1980-02-01T00:00:00Z')).toThrow(TypeError);
  });

  it('refuses values that normalise to nothing, and keys of the wrong size', () => {
    expect(() => blindIndex(key, 'name', " -' ")).toThrow(TypeError);
    expect(() => blindIndex(key, 'phone', '+')).toThrow(TypeError);
    expect(() => blindIndex(randomBytes(16), 'name', 'jose')).toThrow(RangeError);
  });
});
