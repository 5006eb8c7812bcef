import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { up as rehash } from '../../src/db/migrations/0008_record_hash.ts';
import { recordId } from '../../src/graph/ids.ts';
import { GRAPH_KINDS } from '../../src/graph/tables.ts';
import { runImport } from '../../src/roster-import/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, importInto } from '../helpers/graph.ts';
import {
  buildSource,
  copySet,
  countGraph,
  dumpGraph,
  editCsv,
  generatedSet,
  readCsvFile,
  tempDir,
  writeCsvFile,
} from '../helpers/roster.ts';

type Stamp = { id: string; created_date: Date; updated_date: Date };

async function stamps(t: TestApp, sourceId: string): Promise<Map<string, Stamp>> {
  const rows = await t.ctx.db
    .selectFrom('people')
    .select(['id', 'created_date', 'updated_date'])
    .where('source_id', '=', sourceId)
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

describe('re-importing a changed export', () => {
  let t: TestApp;
  let original: string;
  before(async () => {
    t = await createTestApp();
    original = await generatedSet({ schools: 2, studentsPerSchool: 20 });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('writes exactly the changed records, keeps ids and created dates, moves updated dates on change', async () => {
    const { sourceId } = await buildSource(t);
    const first = await runImport(t.ctx, sourceId, original);
    assert.equal(first.state, 'succeeded');
    const set = copySet(original);
    const users = readCsvFile(join(set, 'users.csv'));
    const column = (name: string) => users.header.indexOf(name);
    const students = users.rows.filter((row) => row[column('role')] === 'student');
    const [renamed1, renamed2, removed, template] = students as [string[], string[], string[], string[]];
    const removedId = removed[0] as string;
    const added = [...template];
    added[column('sourcedId')] = 'new-student-1';
    added[column('username')] = 'new.student';
    added[column('agentSourcedIds')] = '';
    editCsv(join(set, 'users.csv'), (rows) => [
      ...rows
        .filter((row) => row[0] !== removedId)
        .map((row) =>
          row[0] === renamed1[0] || row[0] === renamed2[0]
            ? row.map((cell, index) => (index === column('givenName') ? `${cell}-renamed` : cell))
            : row,
        ),
      added,
    ]);
    editCsv(join(set, 'enrollments.csv'), (rows) => rows.filter((row) => row[5] !== removedId));
    editCsv(join(set, 'demographics.csv'), (rows) => rows.filter((row) => row[0] !== removedId));
    const removedPerson = recordId(sourceId, 'people', removedId);
    const enrollmentsOfRemoved = await t.ctx.db
      .selectFrom('enrollments')
      .select('id')
      .where('person_id', '=', removedPerson)
      .execute();
    const agentsOfRemoved = await t.ctx.db
      .selectFrom('agents')
      .select('id')
      .where((eb) => eb.or([eb('observer_id', '=', removedPerson), eb('target_id', '=', removedPerson)]))
      .execute();
    assert.ok(enrollmentsOfRemoved.length > 0 && agentsOfRemoved.length > 0);
    const before = await stamps(t, sourceId);
    const countsBefore = await countGraph(t, sourceId);

    const second = await runImport(t.ctx, sourceId, set);
    assert.equal(second.state, 'succeeded');
    assert.deepEqual(second.changes.people, { created: 1, updated: 2, deleted: 1 });
    assert.deepEqual(second.changes.enrollments, { created: 0, updated: 0, deleted: enrollmentsOfRemoved.length });
    assert.deepEqual(second.changes.agents, { created: 0, updated: 0, deleted: agentsOfRemoved.length });
    for (const kind of ['districts', 'schools', 'sessions', 'courses', 'classes'] as const)
      assert.deepEqual(second.changes[kind], { created: 0, updated: 0, deleted: 0 }, kind);
    assert.match(
      second.warnings.map((issue) => issue.message).join('\n'),
      new RegExp(`'${removedId}' is not a user of this import or of the source; the row is skipped`),
    );

    const afterwards = await stamps(t, sourceId);
    const changed = new Set([
      recordId(sourceId, 'people', renamed1[0] as string),
      recordId(sourceId, 'people', renamed2[0] as string),
    ]);
    assert.equal(afterwards.has(removedPerson), false);
    assert.ok(afterwards.has(recordId(sourceId, 'people', 'new-student-1')));
    for (const [id, stamp] of before) {
      if (id === removedPerson) continue;
      const now = afterwards.get(id) as Stamp;
      assert.equal(now.created_date.getTime(), stamp.created_date.getTime(), 'created_date stays');
      if (changed.has(id)) assert.ok(now.updated_date > stamp.updated_date, 'updated_date moves for a changed record');
      else
        assert.equal(
          now.updated_date.getTime(),
          stamp.updated_date.getTime(),
          'updated_date stays for an unchanged record',
        );
    }
    const renamed = await t.ctx.db
      .selectFrom('people')
      .select('first_name')
      .where('id', '=', [...changed][0] as string)
      .executeTakeFirstOrThrow();
    assert.match(renamed.first_name ?? '', /-renamed$/);
    const countsAfter = await countGraph(t, sourceId);
    assert.equal(countsAfter.people, countsBefore.people);
    assert.equal(countsAfter.enrollments, (countsBefore.enrollments ?? 0) - enrollmentsOfRemoved.length);

    const third = await runImport(t.ctx, sourceId, set);
    for (const [kind, change] of Object.entries(third.changes))
      assert.deepEqual(change, { created: 0, updated: 0, deleted: 0 }, kind);
  });

  test('a delta enrollment of a class the delta marks tobedeleted is skipped with a warning that says so', async () => {
    const { sourceId } = await buildSource(t);
    assert.equal((await runImport(t.ctx, sourceId, original)).state, 'succeeded');
    const delta = tempDir();
    const manifest = readCsvFile(join(original, 'manifest.csv'));
    writeCsvFile(
      join(delta, 'manifest.csv'),
      manifest.header,
      manifest.rows.map(([name = '', value = '']) => {
        if (!name.startsWith('file.')) return [name, value];
        return [name, name === 'file.classes' || name === 'file.enrollments' ? 'delta' : 'absent'];
      }),
    );
    const classes = readCsvFile(join(original, 'classes.csv'));
    const gone = classes.rows[0]!;
    writeCsvFile(join(delta, 'classes.csv'), classes.header, [
      gone.map((cell, index) => (index === 1 ? 'tobedeleted' : cell)),
    ]);
    const enrollments = readCsvFile(join(original, 'enrollments.csv'));
    const late = enrollments.rows[0]!.map((cell, index) => (index === 0 ? 'late-enrollment' : cell));
    writeCsvFile(join(delta, 'enrollments.csv'), enrollments.header, [late]);
    const summary = await runImport(t.ctx, sourceId, delta);
    assert.equal(summary.state, 'succeeded', JSON.stringify(summary.errors));
    assert.deepEqual(
      summary.warnings.map((warning) => warning.message),
      [
        `enrollments.csv line 2, column classSourcedId: '${gone[0]}' ` +
          'is a class this import marks tobedeleted; the row is skipped',
      ],
    );
  });

  test('the same export again writes nothing: no record, date, view or event moves', async () => {
    const { sourceId } = await buildGraph(t);
    assert.equal((await runImport(t.ctx, sourceId, original)).state, 'succeeded');
    const before = await dumpGraph(t, sourceId);
    assert.ok((before.events?.length ?? 0) > 0 && (before.views?.length ?? 0) > 0);
    const again = await runImport(t.ctx, sourceId, original);
    assert.equal(again.state, 'succeeded');
    for (const [kind, change] of Object.entries(again.changes))
      assert.deepEqual(change, { created: 0, updated: 0, deleted: 0 }, kind);
    assert.deepEqual(await dumpGraph(t, sourceId), before);
  });

  test('migration 0008 rehashes records fingerprinted the old way: the same export again writes nothing', async () => {
    const { sourceId } = await buildGraph(t);
    await importInto(t, sourceId, original);
    // Fingerprints as an earlier version stored them: another function of the record.
    for (const kind of GRAPH_KINDS) {
      await sql`alter table ${sql.table(kind)} disable trigger ${sql.id(`${kind}_update_tombstone`)}`.execute(t.ctx.db);
      await sql`update ${sql.table(kind)} set hash = md5(id::text)`.execute(t.ctx.db);
      await sql`alter table ${sql.table(kind)} enable trigger ${sql.id(`${kind}_update_tombstone`)}`.execute(t.ctx.db);
    }
    // The migration also rehashed the per-integration views of its day, which shared views have since replaced.
    await sql`create table integration_records (integration_id uuid, kind text, record_id uuid, hash text)`.execute(
      t.ctx.db,
    );
    await rehash(t.ctx.db);
    await sql`drop table integration_records`.execute(t.ctx.db);
    const before = await dumpGraph(t, sourceId);
    const again = await importInto(t, sourceId, original);
    for (const [kind, change] of Object.entries(again.changes))
      assert.deepEqual(change, { created: 0, updated: 0, deleted: 0 }, kind);
    assert.deepEqual(await dumpGraph(t, sourceId), before);
  });

  test('an import leaves no staging table behind, refused or not', async () => {
    const { sourceId } = await buildSource(t);
    const set = copySet(original);
    editCsv(join(set, 'classes.csv'), (rows) => [...rows, rows[2] as string[]]);
    assert.equal((await runImport(t.ctx, sourceId, set)).state, 'failed');
    assert.equal((await runImport(t.ctx, sourceId, original)).state, 'succeeded');
    const { rows } = await sql<{ name: string }>`
      select tablename as name from pg_tables
      where schemaname = current_schema() and tablename ~ '^import_[0-9a-f]{32}_'`.execute(t.ctx.db);
    assert.deepEqual(rows, []);
  });

  test('two sources importing the same export get different ids', async () => {
    const a = await buildSource(t);
    const b = await buildSource(t);
    await runImport(t.ctx, a.sourceId, original);
    await runImport(t.ctx, b.sourceId, original);
    const ids = await t.ctx.db
      .selectFrom('people')
      .select(['source_id', 'id', 'sourced_id'])
      .orderBy('sourced_id')
      .execute();
    const bySourced = Map.groupBy(ids, (row) => row.sourced_id);
    for (const pair of bySourced.values()) {
      assert.equal(pair.length, 2);
      assert.notEqual(pair[0]?.id, pair[1]?.id);
    }
  });

  test('a sourcedId twice in a file refuses the import, naming both lines', async () => {
    const { sourceId } = await buildSource(t);
    const set = copySet(original);
    editCsv(join(set, 'classes.csv'), (rows) => [...rows, rows[2] as string[]]);
    const summary = await runImport(t.ctx, sourceId, set);
    assert.equal(summary.state, 'failed');
    const classes = readCsvFile(join(set, 'classes.csv')).rows;
    assert.deepEqual(
      summary.errors.map((issue) => issue.message),
      [`classes.csv line 4, column sourcedId: '${classes[2]?.[0]}' appears again on line ${classes.length + 1}`],
    );
    assert.equal((await countGraph(t, sourceId)).classes, 0);
  });

  test('unstorable values (NUL in a field or column name, year 0000) refuse the import naming the cell', async () => {
    const { sourceId } = await buildGraph(t);
    await importInto(t, sourceId, original);
    const before = await dumpGraph(t, sourceId);
    const set = copySet(original);
    editCsv(join(set, 'users.csv'), (rows, header) =>
      rows.map((row, index) =>
        index === 3 ? row.map((cell, column) => (header[column] === 'givenName' ? `${cell}\u0000` : cell)) : row,
      ),
    );
    editCsv(join(set, 'enrollments.csv'), (rows, header) =>
      rows.map((row, index) =>
        index === 0 ? row.map((cell, column) => (header[column] === 'beginDate' ? '0000-01-01' : cell)) : row,
      ),
    );
    const courses = readCsvFile(join(set, 'courses.csv'));
    writeCsvFile(join(set, 'courses.csv'), [...courses.header, 'x\u0000y'], courses.rows);
    const summary = await runImport(t.ctx, sourceId, set);
    assert.equal(summary.state, 'failed');
    assert.deepEqual(summary.errors.map((issue) => issue.message).sort(), [
      'courses.csv line 1, column x\\u0000y: the column name holds a NUL character (U+0000), which no name can store',
      "enrollments.csv line 2, column beginDate: '0000-01-01' is not a date (YYYY-MM-DD)",
      'users.csv line 5, column givenName: the field holds a NUL character (U+0000), which no text value can store',
    ]);
    assert.deepEqual(await dumpGraph(t, sourceId), before);
  });
});
