import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTgz } from './tar-reader.js';

/** One tar member: a 512-byte header (only the fields the reader uses) and padded data. */
function member(name: string, body: string, type = '0', prefix = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write(Buffer.byteLength(body).toString(8).padStart(11, '0'), 124, 'latin1');
  header.write(type, 156, 'latin1');
  header.write('ustar', 257, 'latin1');
  header.write(prefix, 345, 'utf8');
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
  data.write(body, 'utf8');
  return Buffer.concat([header, data]);
}

const end = Buffer.alloc(1024);

describe('readTgz', () => {
  it('reads regular files with ustar prefixes, GNU long names and pax paths', () => {
    const long = `package/${'x'.repeat(120)}.json`;
    const archive = Buffer.concat([
      member('package/', '', '5'),
      member('a.json', '{"a":1}', '0', 'package'),
      member('././@LongLink', long, 'L'),
      member('ignored', '{}'),
      member('PaxHeader', `30 path=package/pax-name.json\n`, 'x'),
      member('short', '[]'),
      end,
    ]);
    const entries = readTgz(gzipSync(archive));
    expect(entries.map((e) => [e.path, e.data.toString()])).toEqual([
      ['package/a.json', '{"a":1}'],
      [long, '{}'],
      ['package/pax-name.json', '[]'],
    ]);
  });

  it('refuses a truncated archive', () => {
    const archive = member('package/a.json', 'x'.repeat(2000)).subarray(0, 1024);
    expect(() => readTgz(gzipSync(archive))).toThrow(/truncated/);
  });

  it('refuses a file that is not gzip', () => {
    expect(() => readTgz(Buffer.from('not a package'))).toThrow();
  });
});
