import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../db/connection.ts';
import { copyLines, type StagedRow, textCells } from '../encode.ts';
import type { StageKind } from '../mapping/row.ts';
import { type Column, stagedColumns, stagingName } from './staging.ts';

export type { StagedRow } from '../encode.ts';

/**
 * Writes mapped rows into an import's staging tables, `batch` rows at a time: large enough to
 * amortise a statement, small enough to keep memory flat (a batch is written while the next is read).
 */
export type Writer = { batch: number; write(file: string, rows: StagedRow[]): Promise<void>; close(): Promise<void> };

/**
 * Calls `write` once per staged kind of the batch, with that
 * kind's columns and what `prepare` made of them (once per kind).
 */
function perKind<T>(
  db: Executor,
  prepare: (columns: Column[], kind: StageKind) => T,
  write: (prepared: T, rows: StagedRow[], file: string) => Promise<void>,
) {
  const prepared = new Map<StageKind, T>();
  return async (file: string, rows: StagedRow[]) => {
    for (const [kind, group] of Map.groupBy(rows, (row) => row.staged.kind)) {
      let entry = prepared.get(kind);
      if (!entry) {
        entry = prepare(await stagedColumns(db, kind), kind);
        prepared.set(kind, entry);
      }
      await write(entry, group, file);
    }
  };
}

/**
 * PostgreSQL: `COPY … FROM STDIN` on a connection of the import's own, several times cheaper for
 * the server than an INSERT of the same rows, which leaves the parsing as the only real cost.
 */
async function copyWriter(db: Executor, url: string, importId: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // A dropped connection fails the COPY in progress; without a listener it would crash the process.
  client.on('error', () => {});
  const prepare = (columns: Column[], kind: StageKind) => {
    const names = columns.map((column) => client.escapeIdentifier(column.name)).join(', ');
    return { statement: `copy ${stagingName(importId, kind)} (${names}) from stdin`, lines: copyLines(columns) };
  };
  return {
    batch: 5000,
    write: perKind(db, prepare, async ({ statement, lines }, rows, file) => {
      await pipeline(Readable.from([lines(rows, file)]), client.query(copyFrom(statement)));
    }),
    close: () => client.end(),
  };
}

/**
 * The embedded database: one INSERT per kind and batch, each column a text array parameter
 * cast by the server, so no JSON record has to be parsed and taken apart.
 */
function insertWriter(db: Executor, importId: string): Writer {
  const prepare = (columns: Column[], kind: StageKind) => ({
    columns,
    cells: textCells(columns),
    table: sql.table(stagingName(importId, kind)),
  });
  return {
    // The parameters are copied more than once on their way into the engine, all in this process.
    batch: 2000,
    write: perKind(db, prepare, async ({ columns, cells, table }, rows, file) => {
      const values = rows.map((row) => cells(row, file));
      const arrays = columns.map((_, index) => values.map((row) => row[index] ?? null));
      const casts = columns.map((column, index) => sql`${sql.id('x', `c${index}`)}::${sql.raw(column.type)}`);
      await sql`insert into ${table} (${sql.join(columns.map((column) => sql.id(column.name)))})
        select ${sql.join(casts)} from unnest(${sql.join(arrays.map((array) => sql`${array}::text[]`))})
        as x(${sql.join(columns.map((_, index) => sql.id(`c${index}`)))})`.execute(db);
    }),
    close: async () => {},
  };
}

export function openWriter(ctx: AppContext, importId: string): Promise<Writer> {
  const url = ctx.database.kind === 'postgres' ? ctx.config.databaseUrl : undefined;
  return url ? copyWriter(ctx.db, url, importId) : Promise.resolve(insertWriter(ctx.db, importId));
}
