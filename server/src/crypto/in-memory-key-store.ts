// A WrappedKeyStore in process memory, for tests and tools.
import { scopeKey, type KeyScope, type PatientKeyScope } from './key-scope.js';
import { currentGeneration, type StoredKeyGeneration, type WrappedKeyStore } from './key-store.js';
import type { WrappedKey } from './master-key.js';

/** A {@link WrappedKeyStore} in process memory, for tests and tools. */
export class InMemoryWrappedKeyStore implements WrappedKeyStore {
  // Generation 1 of patient keys, and tenant and platform keys, by scope string.
  readonly #rows = new Map<string, WrappedKey>();
  // Later generations of patient keys: scope string → generation → row.
  readonly #later = new Map<string, Map<number, { key: WrappedKey; active: boolean }>>();

  async get(scope: KeyScope): Promise<WrappedKey | undefined> {
    if (scope.kind === 'patient') {
      // The current generation, as the database store answers.
      const rows = await this.patientKeyGenerations(scope);
      if (rows.length === 0) return undefined;
      const current = currentGeneration(rows);
      return rows.find((r) => r.generation === current)?.key;
    }
    const row = this.#rows.get(scopeKey(scope));
    return row && copyWrapped(row);
  }

  putIfAbsent(scope: KeyScope, key: WrappedKey): Promise<WrappedKey> {
    return new Promise((resolve) => {
      const id = scopeKey(scope);
      let row = this.#rows.get(id);
      if (row === undefined) {
        row = copyWrapped(key);
        this.#rows.set(id, row);
      }
      resolve(copyWrapped(row));
    });
  }

  delete(scope: KeyScope): Promise<void> {
    return new Promise((resolve) => {
      const id = scopeKey(scope);
      this.#rows.delete(id);
      this.#later.delete(id);
      if (scope.kind === 'tenant') {
        // Patient keys are unreadable without their tenant key; take them too (see the interface).
        const prefix = `patient:${encodeURIComponent(scope.tenantId)}:`;
        for (const map of [this.#rows, this.#later]) {
          for (const rowId of [...map.keys()]) if (rowId.startsWith(prefix)) map.delete(rowId);
        }
      }
      resolve();
    });
  }

  patientKeyGenerations(scope: PatientKeyScope): Promise<StoredKeyGeneration[]> {
    return new Promise((resolve) => {
      const id = scopeKey(scope);
      const first = this.#rows.get(id);
      const rows: StoredKeyGeneration[] = first
        ? [{ generation: 1, key: copyWrapped(first), active: true }]
        : [];
      for (const [generation, row] of [...(this.#later.get(id) ?? [])].sort(([a], [b]) => a - b)) {
        rows.push({ generation, key: copyWrapped(row.key), active: row.active });
      }
      resolve(rows);
    });
  }

  /** Adds a later generation of a patient key (what the rotation job does in the database). */
  addGeneration(scope: PatientKeyScope, generation: number, key: WrappedKey, active = true): void {
    const id = scopeKey(scope);
    const map = this.#later.get(id) ?? new Map<number, { key: WrappedKey; active: boolean }>();
    map.set(generation, { key: copyWrapped(key), active });
    this.#later.set(id, map);
  }

  /** Scope strings ({@link scopeKey}) of the stored keys, for assertions in tests. */
  scopeKeys(): string[] {
    return [...this.#rows.keys()];
  }

  /** Overwrites a row unconditionally. For tests that simulate tampering or copied rows. */
  replace(scope: KeyScope, key: WrappedKey): void {
    this.#rows.set(scopeKey(scope), copyWrapped(key));
  }
}

// Copies so a caller mutating a returned buffer cannot change what is stored, as with a database.
function copyWrapped(key: WrappedKey): WrappedKey {
  return { keyId: key.keyId, wrapped: Buffer.from(key.wrapped) };
}
