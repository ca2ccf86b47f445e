/**
 * `haven import`: files in order, each Bundle one atomic unit, NDJSON in batches of lines. A
 * file that fails is reported with its reason and the run carries on with the next.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { prepareFhirValidation } from '../fhir/validation/index.js';
import { RecordKeys } from '../records/record-keys.js';
import { readBundle, readNdjsonLines } from './bundle-reader.js';
import { importFiles, isNdjson } from './import-files.js';
import {
  ImportError,
  type ImportOptions,
  type ImportSummary,
  type UnitEntry,
} from './import-types.js';
import { describeProblem, storeUnit, type ImportContext } from './store-unit.js';

const NDJSON_BATCH = 500;
/** Reasons kept per file: enough to act on, not a flood for a file of bad lines. */
const REASONS_PER_FILE = 10;

/** Imports `paths` (files or folders) into the practice `tenantId`. */
export async function runImport(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const files = importFiles(paths);
  prepareFhirValidation();
  const context: ImportContext = {
    db,
    keyring,
    tenantId,
    searchKey: await RecordKeys.searchKeyOf(keyring, tenantId),
    known: new Map(),
    now: options.now ?? (() => new Date()),
  };
  const summary: ImportSummary = {
    files: files.length,
    bundles: 0,
    lines: 0,
    created: 0,
    unchanged: 0,
    failed: [],
    seconds: 0,
  };
  for (const [index, file] of files.entries()) {
    const name = path.basename(file);
    const reasons: string[] = [];
    try {
      const text = readFileSync(file, 'utf8');
      if (isNdjson(file)) {
        await importNdjson(context, text, options.ndjsonBatch ?? NDJSON_BATCH, summary, reasons);
      } else {
        const result = await storeUnit(context, readBundle(text), true);
        summary.bundles += 1;
        summary.created += result.created;
        summary.unchanged += result.unchanged;
      }
    } catch (error) {
      reasons.push(reasonOf(error));
    }
    if (reasons.length > 0)
      summary.failed.push({ file: name, reasons: reasons.slice(0, REASONS_PER_FILE) });
    options.onProgress?.(index + 1, files.length);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function importNdjson(
  context: ImportContext,
  text: string,
  batchSize: number,
  summary: ImportSummary,
  reasons: string[],
): Promise<void> {
  let batch: UnitEntry[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    const result = await storeUnit(context, entries, false);
    summary.created += result.created;
    summary.unchanged += result.unchanged;
    for (const problem of result.problems) reasons.push(describeProblem(entries, problem));
  };
  for (const line of readNdjsonLines(text)) {
    summary.lines += 1;
    if ('reason' in line) reasons.push(`line ${line.lineNumber}: ${line.reason}`);
    else batch.push(line.entry);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
}

/**
 * What the operator is told about a file that failed, in Haven's own words. Anything else (the
 * database gone, a bug) stops the run: carrying on would only fail every file the same way, and
 * what was committed stays, so running the import again finishes the job.
 */
function reasonOf(error: unknown): string {
  if (error instanceof ImportError || error instanceof AppError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR' || code === 'EACCES') return 'the file cannot be read';
  throw error;
}
