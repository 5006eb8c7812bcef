import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Mutex } from '../lib/mutex.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import type { Schema } from './schema.ts';

/** A place to run SQL: the whole database or a transaction in progress. */
export type Executor = Kysely<Schema>;

/** What pg-boss needs to run on the same database. */
export type JobBackend =
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'pglite'; database: { query: PGlite['query']; exec: PGlite['exec'] } };

export type Database = {
  db: Executor;
  kind: 'pglite' | 'postgres';
  jobs: JobBackend;
  close(): Promise<void>;
};

const INT8 = 20;
const DATE = 1082;
// Both engines hand back the same shapes: counts as numbers, calendar dates as 'YYYY-MM-DD'.
const parseInt8 = (value: string) => Number(value);
const keepText = (value: string) => value;

export type DatabaseOptions = { url?: string | undefined; dataDir?: string | undefined };

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `dataDir` (in memory without one). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir);
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (restart, failover) must not crash the process: the
  // pool replaces it on the next query.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    jobs: { kind: 'postgres', connectionString: url },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  // The directory is this process's before PGlite touches it (see data-dir-lock.ts).
  const unlock = dataDir ? await lockDataDir(dataDir) : async () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ? join(dataDir, 'pgdata') : undefined, {
      parsers: { [INT8]: parseInt8, [DATE]: keepText },
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  const lock = new Mutex();
  const db = new Kysely<Schema>({ dialect: pgliteDialect(pglite, lock) });
  return {
    db,
    kind: 'pglite',
    jobs: {
      kind: 'pglite',
      database: {
        query: ((sql: string, params?: unknown[]) => lock.run(() => pglite.query(sql, params))) as PGlite['query'],
        exec: ((sql: string) => lock.run(() => pglite.exec(sql))) as PGlite['exec'],
      },
    },
    async close() {
      await db.destroy();
      await lock.run(() => pglite.close());
      await unlock();
    },
  };
}
