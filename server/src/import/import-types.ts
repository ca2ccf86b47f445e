/**
 * What the importer works on and reports. A *unit* is what one transaction stores: a whole
 * Bundle (atomic, as FHIR transactions are) or a batch of NDJSON lines. Reports carry counts,
 * file names, resource types and locations only, never a value from the data.
 */
import type { Resource } from '@medplum/fhirtypes';

/** One resource of a unit, as read, before ids are assigned and references rewritten. */
export interface UnitEntry {
  resource: Resource;
  /** The Bundle entry's fullUrl (`urn:uuid:...`), if any; what other entries reference. */
  fullUrl?: string | undefined;
  /** Where the entry is, for reports: `entry[12]` or `line 40`. */
  location: string;
}

/** A problem with one entry: where, and the rule broken. */
export interface EntryProblem {
  /** Index of the entry in its unit. */
  index: number;
  reason: string;
}

/** What one stored unit changed. */
export interface UnitResult {
  created: number;
  unchanged: number;
}

/** One file that failed, whole or in part, with its reasons (at most a few per file). */
export interface FileFailure {
  file: string;
  reasons: string[];
}

export interface ImportSummary {
  files: number;
  bundles: number;
  /** NDJSON lines read (valid or not). */
  lines: number;
  created: number;
  unchanged: number;
  failed: FileFailure[];
  seconds: number;
}

export interface ImportOptions {
  /** Called after each file, with the files done and the total. */
  onProgress?: (doneFiles: number, totalFiles: number) => void;
  now?: () => Date;
  /** Lines per NDJSON transaction. */
  ndjsonBatch?: number;
}

/** A unit or file refused for a reason the operator can act on (no health data inside). */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}
