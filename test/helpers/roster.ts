import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { GRAPH_KINDS } from '../../src/graph/tables.ts';
import type { TestApp } from './app.ts';

export { buildSource } from './factories.ts';
export { copySet, generatedSet, tempDir } from './sets.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `gatehouse <args>` in a child process on the project's Node; `env` (a TestApp's) points it at the test database. */
export function gatehouse(env: Record<string, string>, args: string[], nodeOptions: string[] = []) {
  return spawn(`${ROOT}node_modules/.bin/node`, [...nodeOptions, 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent', GATEHOUSE_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output until it exits. */
export async function outcome(
  child: ReturnType<typeof gatehouse>,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return { code, signal, stdout, stderr };
}

/** Third-party OneRoster exports, beside the project (`../shared/data/oneroster`); absent on a user's machine. */
export const SHARED = fileURLToPath(new URL('../../../shared/data/oneroster/', import.meta.url));
export const sharedSkip = existsSync(SHARED) ? false : 'skipped: no ../shared/data';
export const shared = (name: string) => join(SHARED, name);

/**
 * Every graph row of a source, table by table, ordered by id, with the events and views of the
 * source's integrations: equal dumps mean untouched data.
 */
export async function dumpGraph(t: TestApp, sourceId: string): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const kind of GRAPH_KINDS) {
    const { rows } = await sql`select * from ${sql.table(kind)} where source_id = ${sourceId} order by id`.execute(
      t.ctx.db,
    );
    dump[kind] = rows;
  }
  const integrations = sql`select id from integrations where source_id = ${sourceId}`;
  const streams = sql`select ${sourceId}::uuid union all select id from views where source_id = ${sourceId}`;
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(t.ctx.db)).rows;
  dump.events = [
    ...(await rows(sql`select * from events where integration_id in (${integrations}) order by id`)),
    ...(await rows(sql`select * from graph_changes where stream in (${streams}) order by stream, id`)),
  ];
  dump.views = [
    ...(await rows(sql`select * from integration_grants where integration_id in (${integrations}) order by id`)),
    ...(await rows(sql`select r.* from view_records r join views v on v.id = r.view_id
      where v.source_id = ${sourceId} order by r.view_id, r.kind, r.record_id`)),
  ];
  return dump;
}

export async function countGraph(t: TestApp, sourceId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const kind of GRAPH_KINDS) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(kind)} where source_id = ${sourceId}`.execute(t.ctx.db);
    counts[kind] = rows[0]?.n ?? 0;
  }
  return counts;
}

/** Reads a small CSV file of a test set whole (tests only), as header and rows. */
export function readCsvFile(path: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];
  return { header, rows };
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

export function writeCsvFile(path: string, header: string[], rows: string[][]): void {
  writeFileSync(path, [header, ...rows].map((row) => `${row.map(quote).join(',')}\r\n`).join(''));
}

/** Rewrites the rows of one CSV file of a set. */
export function editCsv(path: string, edit: (rows: string[][], header: string[]) => string[][]): void {
  const { header, rows } = readCsvFile(path);
  writeCsvFile(path, header, edit(rows, header));
}
