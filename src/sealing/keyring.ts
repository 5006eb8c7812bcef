import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from '../db/connection.ts';
import { formatKey, generateKey, open, parseKey, type SealingKey, seal, sealedKeyId } from '../lib/sealing.ts';
import * as store from './store.ts';

/**
 * Envelope encryption. The master key (GATEHOUSE_SECRET_KEY, or a file generated in the data
 * directory) wraps data keys kept in `sealing_keys`; secrets are sealed under the newest data key.
 * Every process reloads the data keys when it meets an id it does not know and at least every
 * `refreshMs`, so `gatehouse keys rotate` in one process is picked up by all the others.
 *
 * Sealed values are addressed by context `<table>.<column>`: rotation finds every text column
 * holding sealed values and re-seals them under the same context.
 */
export class Keyring {
  readonly #db: Executor;
  readonly #master: SealingKey;
  readonly #refreshMs: number;
  #keys = new Map<string, SealingKey>();
  #current: SealingKey | undefined;
  #loadedAt = 0;

  constructor(db: Executor, master: SealingKey, refreshMs = 5000) {
    this.#db = db;
    this.#master = master;
    this.#refreshMs = refreshMs;
  }

  async seal(plaintext: string, context: string): Promise<string> {
    return seal(await this.current(), plaintext, context);
  }

  async open(sealed: string, context: string): Promise<string> {
    const id = sealedKeyId(sealed);
    if (!this.#keys.has(id)) await this.reload();
    const key = this.#keys.get(id);
    if (!key) throw new Error(`sealing key ${id} is not available`);
    return open(key, sealed, context);
  }

  /**
   * A key for one purpose (signing paging cursors, …), derived from the master key: the same in
   * every process of one installation, and unrelated to the keys that seal data.
   */
  derive(purpose: string): Buffer {
    return createHmac('sha256', this.#master.key).update(`gatehouse ${purpose}`).digest();
  }

  /** The data key new values are sealed under; created on first use. */
  async current(): Promise<SealingKey> {
    if (!this.#current || Date.now() - this.#loadedAt > this.#refreshMs) await this.reload();
    if (!this.#current) {
      await this.#insert(generateKey(newKeyId()));
      await this.reload();
    }
    return this.#current as SealingKey;
  }

  async reload(): Promise<void> {
    const rows = await store.listKeys(this.#db);
    this.#keys = new Map(
      rows.map((row) => [row.id, parseKey(open(this.#master, row.wrapped, `sealing_keys.${row.id}`))]),
    );
    const active = rows.find((row) => row.retired_at === null);
    this.#current = active ? this.#keys.get(active.id) : undefined;
    this.#loadedAt = Date.now();
  }

  /**
   * Moves every sealed value to a fresh data key and deletes the old keys.
   * Old keys are retired first and kept for `graceMs`, so processes that have not yet reloaded
   * can still open what the others seal in the meantime.
   */
  async rotate(
    graceMs: number,
    onProgress: (resealed: number) => void = () => {},
  ): Promise<{ keyId: string; retired: string[]; resealed: number }> {
    const fresh = generateKey(newKeyId());
    const old = await store.listKeys(this.#db);
    await this.#db.transaction().execute(async (tx) => {
      await store.retireKeys(tx);
      await store.insertKey(tx, this.#wrap(fresh));
    });
    await this.reload();
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    let resealed = 0;
    for (const { table, column } of await sealedColumns(this.#db)) {
      resealed += await this.#resealColumn(table, column, fresh, () => onProgress(resealed + 1));
    }
    const retired = old.map((row) => row.id);
    if (retired.length > 0) await store.deleteKeys(this.#db, retired);
    await this.reload();
    return { keyId: fresh.id, retired, resealed };
  }

  async #resealColumn(table: string, column: string, fresh: SealingKey, tick: () => void): Promise<number> {
    const context = `${table}.${column}`;
    const rows = await store.sealedElsewhere(this.#db, table, column, fresh.id);
    for (const row of rows) {
      await store.replaceSealed(
        this.#db,
        table,
        column,
        row,
        seal(fresh, await this.open(row.value, context), context),
      );
      tick();
    }
    return rows.length;
  }

  async #insert(key: SealingKey): Promise<void> {
    await store.insertKey(this.#db, this.#wrap(key));
  }

  #wrap(key: SealingKey) {
    return { id: key.id, wrapped: seal(this.#master, formatKey(key), `sealing_keys.${key.id}`) };
  }
}

/** Every text column of the application's tables that holds at least one sealed value. */
export async function sealedColumns(db: Executor): Promise<Array<{ table: string; column: string }>> {
  const found: Array<{ table: string; column: string }> = [];
  for (const candidate of await store.textColumns(db)) {
    if (await store.holdsSealedValues(db, candidate.table, candidate.column)) found.push(candidate);
  }
  return found;
}

function newKeyId(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The master key: from the setting, or from `<dataDir>/secret.key`, generated (mode 0600) when absent. */
export function loadMasterKey(secretKey: string | undefined, dataDir: string): SealingKey {
  if (secretKey) return parseKey(secretKey);
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${formatKey(generateKey('master'))}\n`, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return parseKey(readFileSync(file, 'utf8'));
}
