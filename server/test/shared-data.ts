/**
 * Where the outside material beside the checkout lives (`../shared`: PROMISES.md, Synthea
 * patients, HL7 v2 samples, the US Core package). Tests read it there, never from a copy in the
 * repository. `HAVEN_SHARED_DIR` names it for a checkout that is not beside it (.ci/run sets it
 * for a clone made elsewhere).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const SHARED_DIR = process.env.HAVEN_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');

/** A path inside the shared folder, e.g. `sharedPath('data', 'synthea')`. */
export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}
