/**
 * Checking one chain, entry by entry in seq order, and saying what kind of tampering a break
 * looks like. Each entry is checked with the entry after it in view, which is what tells two
 * swapped entries from an edited one.
 */
import { hash as oneShotHash } from 'node:crypto';
import { GENESIS_HASH, hashEncoded, hashEntry, type ChainedEntry } from './audit-hash.js';
import { PREFIX, PREIMAGE_AT, PREV_AT } from './audit-verify-pages.js';

/** The kinds of problem verify reports. */
export type AuditProblemKind =
  'changed' | 'deleted' | 'inserted' | 'reordered' | 'bad_checkpoint' | 'head_mismatch';

/** The first bad place in a chain. */
export interface AuditProblem {
  tenantId: string;
  chainId: number;
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

/** An entry as verify reads it (hashes in hex). */
export interface VerifyRow extends ChainedEntry {
  prev_hash: string;
  hash: string;
}

const BAR = 124; // '|'

function same(a: string, b: string): boolean {
  return a === b;
}

/** Whether `row`'s stored hash is right for its own fields placed at `seq`. */
function fitsAt(row: VerifyRow, seq: number): boolean {
  return same(hashEntry(row.prev_hash, { ...row, seq }), row.hash);
}

/** Walks one chain. Feed it the entries in seq order; it stops being useful after a problem. */
export class ChainVerifier {
  /** Seq and hash of the last entry found good (0 and the genesis hash before the first). */
  lastSeq = 0;
  lastHash: string = GENESIS_HASH;
  #beforeLastHash: string | undefined;

  /** `headSeq`: the last seq the chain head names, if the chain has a head. */
  constructor(
    readonly tenantId: string,
    readonly chainId: number,
    private readonly headSeq?: number,
  ) {}

  /** A problem at `seq` in this chain. */
  problem(seq: number, kind: AuditProblemKind, message: string): AuditProblem {
    return { tenantId: this.tenantId, chainId: this.chainId, seq, kind, message };
  }

  /**
   * The fast path: true (and the chain moves on) when the entry at `seq` follows the last good
   * one and its hash is that of `fields` (its canonical encoding, made by the database). False
   * says only "look closer": the caller then checks the entry field by field with check().
   */
  accept(seq: number, prevHash: string, hash: string, fields: string): boolean {
    if (seq !== this.lastSeq + 1 || prevHash !== this.lastHash) return false;
    if (hashEncoded(prevHash, fields) !== hash) return false;
    this.#beforeLastHash = this.lastHash;
    this.lastSeq = seq;
    this.lastHash = hash;
    return true;
  }

  /**
   * The same fast path for a canonical row (audit-verify-pages.ts): the stored hash, then the
   * text it must be the SHA-256 of. True when that text starts with the tag and the last good
   * hash, and hashes to the stored hash.
   */
  acceptCanonical(seq: number, r: string): boolean {
    if (seq !== this.lastSeq + 1) return false;
    if (!r.startsWith(PREFIX, PREIMAGE_AT) || !r.startsWith(this.lastHash, PREV_AT)) return false;
    if (r.charCodeAt(PREV_AT + this.lastHash.length) !== BAR) return false;
    const hash = oneShotHash('sha256', r.slice(PREIMAGE_AT), 'hex');
    if (!r.startsWith(hash)) return false;
    this.#beforeLastHash = this.lastHash;
    this.lastSeq = seq;
    this.lastHash = hash;
    return true;
  }

  /** Checks `row`, the entry after the last good one; `next` is the entry after `row`, if any. */
  check(row: VerifyRow, next: VerifyRow | undefined): AuditProblem | undefined {
    const seq = Number(row.seq);
    const expected = this.lastSeq + 1;
    if (seq !== expected) {
      return this.problem(expected, 'deleted', `entries ${expected} to ${seq - 1} are missing`);
    }
    if (this.headSeq !== undefined && seq > this.headSeq) {
      // Entries and head move in one statement: a row past the head was not written by Haven.
      return this.problem(seq, 'inserted', `entry ${seq} was added past the chain head`);
    }
    const linked = same(row.prev_hash, this.lastHash);
    const selfConsistent = same(hashEntry(row.prev_hash, row), row.hash);
    if (linked && selfConsistent) {
      this.#beforeLastHash = this.lastHash;
      this.lastSeq = seq;
      this.lastHash = row.hash;
      return undefined;
    }
    return linked ? this.#classifyEdit(row, seq, next) : this.#classifyBrokenLink(row, seq, next);
  }

  /**
   * Checks the end of a chain whose entries were all good: the head must name the last entry,
   * and no signed checkpoint may lie beyond it (`checkpointSeq`: the first one left, if any).
   */
  finish(
    headHash: string | undefined,
    checkpointSeq: number | undefined,
  ): AuditProblem | undefined {
    const headSeq = this.headSeq ?? 0;
    const next = this.lastSeq + 1;
    if (headSeq > this.lastSeq) {
      return this.problem(next, 'deleted', `the tail from ${next} to ${headSeq} is missing`);
    }
    if (headSeq < this.lastSeq) {
      return this.problem(headSeq + 1, 'inserted', `entries after ${headSeq} are past the head`);
    }
    if (headHash !== this.lastHash) {
      return this.problem(headSeq, 'head_mismatch', 'the chain head does not match its last entry');
    }
    if (checkpointSeq !== undefined) {
      return this.problem(next, 'deleted', `a checkpoint names entry ${checkpointSeq}, now gone`);
    }
    return undefined;
  }

  // The entry links to the one before but its fields no longer give its hash.
  #classifyEdit(row: VerifyRow, seq: number, next: VerifyRow | undefined): AuditProblem {
    if (next && same(hashEntry(row.prev_hash, { ...next, seq }), row.hash)) {
      return this.problem(
        seq,
        'reordered',
        `the contents of entries ${seq} and ${seq + 1} have been swapped`,
      );
    }
    return this.problem(seq, 'changed', `entry ${seq} was changed after it was written`);
  }

  // The entry does not link to the one before: something between them moved.
  #classifyBrokenLink(row: VerifyRow, seq: number, next: VerifyRow | undefined): AuditProblem {
    if (next && same(next.prev_hash, this.lastHash) && fitsAt(next, seq)) {
      return this.problem(seq, 'reordered', `entries ${seq} and ${seq + 1} are out of order`);
    }
    if (fitsAt(row, seq + 1)) {
      return this.problem(
        seq,
        'deleted',
        `an entry before ${seq} was deleted and the later ones renumbered`,
      );
    }
    if (
      this.#beforeLastHash !== undefined &&
      same(row.prev_hash, this.#beforeLastHash) &&
      fitsAt(row, seq - 1)
    ) {
      return this.problem(seq - 1, 'inserted', `entry ${seq - 1} was inserted into the chain`);
    }
    if (same(hashEntry(row.prev_hash, row), row.hash) && seq > 1) {
      return this.problem(
        seq - 1,
        'changed',
        `entry ${seq - 1} was changed and its hash recomputed (entry ${seq} no longer links to it)`,
      );
    }
    return this.problem(seq, 'changed', `entry ${seq} was changed after it was written`);
  }
}
