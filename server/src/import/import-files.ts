/**
 * Which files an import reads, in which order. Synthea writes the organisations and
 * practitioners that patient bundles reference into `hospitalInformation*.json` and
 * `practitionerInformation*.json`: those go first, so the references resolve. NDJSON exports
 * (one file per type) go with the types others point at first, patients before their data.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const FIRST_BUNDLES = [/^hospitalInformation/i, /^practitionerInformation/i];
const FIRST_TYPES = ['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Patient'];

/** Whether `file` is read as NDJSON (one resource per line) rather than one JSON Bundle. */
export function isNdjson(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}

function rank(file: string): number {
  const name = path.basename(file);
  const bundle = FIRST_BUNDLES.findIndex((pattern) => pattern.test(name));
  if (bundle >= 0) return bundle;
  if (isNdjson(name)) {
    const type = FIRST_TYPES.findIndex((t) => name.startsWith(`${t}.`) || name.startsWith(`${t}-`));
    return FIRST_BUNDLES.length + (type >= 0 ? type : FIRST_TYPES.length);
  }
  return FIRST_BUNDLES.length + FIRST_TYPES.length + 1;
}

/**
 * The files to import from `paths` (files as given; a folder's `.json`, `.ndjson` and `.jsonl`
 * files, not its sub-folders), in import order.
 */
export function importFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    // A path that does not exist is kept: reading it fails, and the run reports it.
    if (existsSync(given) && statSync(given).isDirectory()) {
      for (const name of readdirSync(given).sort()) {
        const file = path.join(given, name);
        if (/\.(json|ndjson|jsonl)$/i.test(name) && statSync(file).isFile()) files.push(file);
      }
    } else {
      files.push(given);
    }
  }
  return files
    .map((file, order) => ({ file, order, rank: rank(file) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((f) => f.file);
}
