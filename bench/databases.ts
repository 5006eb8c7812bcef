import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type Engine = 'pglite' | 'postgres';

/** Where one measurement writes: a new database on the server, or a new PGlite data directory on disk. */
export type Target = { engine: Engine; url: string | undefined; dataDir: string; drop(): Promise<void> };

/** Each measurement starts on an empty database, so neither the floor nor the import finds the other's pages warm. */
export async function freshTarget(engine: Engine): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'pglite') return { engine, url: undefined, dataDir, drop: async () => removeDir() };
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('the postgres engine needs DATABASE_URL');
  const name = `gh_bench_${randomBytes(6).toString('hex')}`;
  await onServer(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    dataDir,
    async drop() {
      await onServer(base, `drop database if exists ${name} with (force)`);
      removeDir();
    },
  };
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
