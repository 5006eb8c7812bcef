import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import yazl from 'yazl';
import { generateOneRoster } from '../../src/demo/generator.ts';
import { GRAPH_KINDS } from '../../src/graph/tables.ts';
import type { TestApp } from './app.ts';
import { buildTeam } from './teams.ts';

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

/** A team owning a OneRoster source, with an owner API key for the management API. */
export async function buildSource(t: TestApp) {
  const { team, token } = await buildTeam(t);
  await t.ctx.db
    .insertInto('providers')
    .values({
      id: randomUUID(),
      name: 'oneroster',
      title: 'OneRoster CSV',
      authorization_url: null,
      token_url: null,
      scopes: '[]',
      default_config: '{}',
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const provider = await t.ctx.db
    .selectFrom('providers')
    .select('id')
    .where('name', '=', 'oneroster')
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  await t.ctx.db
    .insertInto('sources')
    .values({ id, team_id: team.id, provider_id: provider.id, name: 'District SIS', config: '{}', sso: null })
    .execute();
  return { sourceId: id, team, token };
}

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

/** Every folder the tests of this process made; each test file is a process, and leaves none behind. */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'gatehouse-roster-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A seeded OneRoster 1.1 bulk export made by the project's own generator (guardians included). */
export async function generatedSet(options: {
  schools: number;
  studentsPerSchool: number;
  seed?: string;
}): Promise<string> {
  const dir = tempDir('gatehouse-set-');
  await generateOneRoster(dir, {
    seed: options.seed ?? 'roster-tests',
    schools: options.schools,
    studentsPerSchool: options.studentsPerSchool,
  });
  return dir;
}

export function copySet(from: string): string {
  const dir = tempDir('gatehouse-copy-');
  cpSync(from, dir, { recursive: true });
  return dir;
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

/** A zip of every file of a folder, under one sub-folder as exports often are. */
export async function zipFolder(dir: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(dir)) zip.addBuffer(readFileSync(join(dir, name)), `export/${name}`);
  zip.end();
  return Buffer.concat((await (zip.outputStream as unknown as Readable).toArray()) as Buffer[]);
}
