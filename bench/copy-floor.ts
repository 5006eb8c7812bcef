import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Target } from './databases.ts';

export type Floor = { seconds: number; rows: number };

/**
 * The floor an import cannot beat: PostgreSQL's own CSV loader moving the same rows (every data
 * file; the manifest is not data), one plain table per file with every column `text`, in one
 * transaction, with no mapping or index.
 */
export async function copyFloor(target: Target, dir: string): Promise<Floor> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.csv') && name !== 'manifest.csv').sort();
  const tables = await Promise.all(
    files.map(async (file) => ({
      file: join(dir, file),
      name: file.slice(0, -4),
      columns: await header(join(dir, file)),
    })),
  );
  const copy = (table: string) => `copy "${table}" from stdin with (format csv, header true)`;
  if (target.url) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return await timed(async () => {
        let rows = 0;
        await client.query('begin');
        for (const table of tables) {
          await client.query(createTable(table.name, table.columns));
          const stream = client.query(copyFrom(copy(table.name)));
          await pipeline(createReadStream(table.file), stream);
          rows += stream.rowCount;
        }
        await client.query('commit');
        return rows;
      });
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create(join(target.dataDir, 'pgdata'));
  try {
    return await timed(() =>
      db.transaction(async (tx) => {
        let rows = 0;
        for (const table of tables) {
          await tx.query(createTable(table.name, table.columns));
          // PGlite reads COPY input from a blob handed over as /dev/blob, whole.
          const blob = new Blob([await readFile(table.file)]);
          const result = await tx.query(copy(table.name).replace('stdin', `'/dev/blob'`), [], { blob });
          rows += result.affectedRows ?? 0;
        }
        return rows;
      }),
    );
  } finally {
    await db.close();
  }
}

async function timed(work: () => Promise<number>): Promise<Floor> {
  const started = performance.now();
  const rows = await work();
  return { seconds: (performance.now() - started) / 1000, rows };
}

async function header(file: string): Promise<string[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    lines.close();
    return line.split(',');
  }
  return [];
}

function createTable(name: string, columns: string[]): string {
  return `create table "${name}" (${columns.map((column) => `"${column}" text`).join(', ')})`;
}
