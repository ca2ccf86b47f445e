/**
 * A minimal reader for gzipped tar archives (FHIR packages are npm-style `.tgz` files). Haven
 * needs only the regular files' names and bytes; links, devices and permissions are ignored.
 * Handles ustar name prefixes, GNU long names (`L`) and pax `path` records, which is what npm
 * and the FHIR package tools write.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

export interface TarEntry {
  path: string;
  data: Buffer;
}

/** Every regular file in the gzipped tar archive `tgz`, in archive order. */
export function readTgz(tgz: Buffer): TarEntry[] {
  const tar = gunzipSync(tgz);
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) {
      break; // End-of-archive marker.
    }
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    const data = tar.subarray(start, start + size);
    if (start + size > tar.length) {
      throw new Error('The package archive is truncated');
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(data);
    } else if (type === 'x') {
      longName = paxPath(data.toString('utf8')) ?? longName;
    } else if (type === '0' || type === '\0') {
      entries.push({ path: longName ?? ustarName(header), data: Buffer.from(data) });
      longName = undefined;
    } else {
      longName = undefined;
    }
  }
  return entries;
}

function ustarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const magic = header.subarray(257, 262).toString('latin1');
  const prefix = magic === 'ustar' ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function parseOctal(bytes: Buffer): number {
  const text = cString(bytes).trim();
  const size = text === '' ? 0 : Number.parseInt(text, 8);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new Error('The package archive has a corrupt header');
  }
  return size;
}

/** The `path` of a pax extended header: records are "<length> <key>=<value>\n". */
function paxPath(text: string): string | undefined {
  for (const record of text.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) {
      return match[1];
    }
  }
  return undefined;
}
