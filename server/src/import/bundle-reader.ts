/**
 * Reading import files: a JSON file must hold one FHIR Bundle of type transaction, batch or
 * collection whose entries each carry a resource; an NDJSON file holds one resource per line.
 * Reasons name the rule broken and where, never the text: a JSON parser's own message quotes
 * the input, which may be health data.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { ImportError, type UnitEntry } from './import-types.js';

const BUNDLE_TYPES = new Set(['transaction', 'batch', 'collection']);

/** The entries of a Bundle file's text, or an ImportError saying why it is not importable. */
export function readBundle(text: string): UnitEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ImportError('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ImportError('not a FHIR Bundle (the file is not a JSON object)');
  }
  const bundle = parsed as Bundle & { resourceType?: unknown };
  if (bundle.resourceType !== 'Bundle') {
    throw new ImportError('not a FHIR Bundle (resourceType is not "Bundle")');
  }
  if (!BUNDLE_TYPES.has(String(bundle.type))) {
    throw new ImportError('a Bundle of a type other than transaction, batch or collection');
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
    throw new ImportError('Bundle.entry is not a list');
  }
  return (bundle.entry ?? []).map((entry, i) => {
    const location = `entry[${i}]`;
    const resource: unknown = (entry as { resource?: unknown } | null)?.resource;
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
      throw new ImportError(`${location}: the entry has no resource`);
    }
    const method = entry.request?.method;
    if (method !== undefined && method !== 'POST' && method !== 'PUT') {
      throw new ImportError(`${location}: request method ${String(method)} is not imported`);
    }
    const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
    return { resource: resource as UnitEntry['resource'], fullUrl, location };
  });
}

/** One NDJSON line: the entry, or the reason it cannot be read. */
export type NdjsonLine = { entry: UnitEntry } | { lineNumber: number; reason: string };

/** The non-blank lines of an NDJSON file, each parsed (line numbers start at 1). */
export function* readNdjsonLines(text: string): Generator<NdjsonLine> {
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let resource: unknown;
    try {
      resource = JSON.parse(line);
    } catch {
      yield { lineNumber, reason: 'not valid JSON' };
      continue;
    }
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
      yield { lineNumber, reason: 'not a JSON object' };
      continue;
    }
    yield {
      entry: { resource: resource as UnitEntry['resource'], location: `line ${lineNumber}` },
    };
  }
}
