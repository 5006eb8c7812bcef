import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { runImport } from '../../src/roster-import/service.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';
import { buildGraph } from '../helpers/graph.ts';
import { buildSource, dumpGraph, gatehouse, generatedSet, outcome } from '../helpers/roster.ts';

const run = async (env: Record<string, string>, ...args: string[]) => outcome(gatehouse(env, args));

/** The staging tables imports left behind, with their row counts. */
async function stagingTables(t: TestApp): Promise<Array<{ name: string; rows: number }>> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename ~ '^import_[0-9a-f]{32}_'`.execute(t.ctx.db);
  const counted = [];
  for (const { name } of rows) {
    const count = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(t.ctx.db);
    counted.push({ name, rows: count.rows[0]?.n ?? 0 });
  }
  return counted;
}

/** Runs `gatehouse import` in a child process and SIGKILLs it once its progress shows rows staged. */
async function killMidway(
  t: TestApp,
  sourceId: string,
  path: string,
  env: Record<string, string>,
): Promise<{ progress: string; signal: string | null }> {
  const child = gatehouse(env, ['import', sourceId, path]);
  let progress = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const staged = /(\w+\.csv) (\d+) rows/.exec(chunk.toString().split('\n').filter(Boolean).at(-1) ?? '');
    if (!progress && staged && Number(staged[2]) > 0) {
      progress = staged[0];
      child.kill('SIGKILL');
    }
  });
  const { code, signal, stderr: output } = await outcome(child);
  assert.ok(progress, `the import ended (code ${code}) before it showed progress:\n${output}`);
  if (onPostgres) {
    const staged = (await stagingTables(t)).reduce((sum, table) => sum + table.rows, 0);
    assert.ok(staged > 0, 'the killed import had staged rows');
  }
  return { progress, signal };
}

describe('gatehouse import', () => {
  let t: TestApp;
  let small: string;
  let large: string;
  before(async () => {
    small = await generatedSet({ schools: 1, studentsPerSchool: 20, seed: 'before' });
    large = await generatedSet({ schools: 8, studentsPerSchool: 500, seed: 'killed' });
    t = await createTestApp({ persistent: true });
  });
  after(() => t.close());

  test('killed mid-way (SIGKILL) it leaves data and events intact, is marked failed; the next succeeds', async () => {
    const { sourceId } = await buildGraph(t);
    assert.equal((await runImport(t.ctx, sourceId, small)).state, 'succeeded');
    const previous = await dumpGraph(t, sourceId);
    assert.ok(previous.events && previous.events.length > 0);
    // The embedded database belongs to one process at a time: the child gets it while it runs.
    if (!onPostgres) await t.stop();
    const { progress, signal } = await killMidway(t, sourceId, large, t.env);
    assert.equal(signal, 'SIGKILL', progress);
    if (!onPostgres) await t.start();

    assert.deepEqual(await dumpGraph(t, sourceId), previous);
    const next = await runImport(t.ctx, sourceId, small);
    assert.equal(next.state, 'succeeded');
    for (const [kind, change] of Object.entries(next.changes))
      assert.deepEqual(change, { created: 0, updated: 0, deleted: 0 }, kind);
    assert.deepEqual(await dumpGraph(t, sourceId), previous);
    const history = await t.ctx.db
      .selectFrom('imports')
      .selectAll()
      .where('source_id', '=', sourceId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((entry) => entry.state),
      ['succeeded', 'failed', 'succeeded'],
    );
    assert.match(history[1]?.errors[0]?.message ?? '', /interrupted/);
    assert.deepEqual(await stagingTables(t), []);
  });

  test('prints a summary, refuses with one clear line and a non-zero exit, and has --help', async () => {
    const help = await run(t.env, 'import', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: gatehouse import \[options\] <source_id> <path>/);
    const badId = await run(t.env, 'import', 'not-a-uuid', small);
    assert.equal(badId.code, 1);
    assert.equal(
      badId.stderr,
      "error: command-argument value 'not-a-uuid' is invalid for argument 'source_id'. a source id is a UUID\n",
    );
    const { sourceId } = await buildSource(t);
    if (!onPostgres) await t.stop();
    const done = await run(t.env, 'import', sourceId, small);
    const refused = await run(t.env, 'import', sourceId, join(small, 'missing'));
    if (!onPostgres) await t.start();
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^import \S+ succeeded in [\d.]+ s \(OneRoster 1\.1, bulk\)\n/);
    assert.match(done.stdout, /people +\d+ created, 0 updated, 0 deleted/);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /failed/);
    assert.match(refused.stdout, /missing: no such file or folder/);
    assert.match(refused.stdout, /^1 error:$/m);
    assert.equal(
      refused.stderr.trim().split('\n').at(-1),
      "gatehouse: import refused with 1 error; the source's data is unchanged",
    );
  });
});
