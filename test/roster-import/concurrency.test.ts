import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { recordId } from '../../src/graph/ids.ts';
import { runImport } from '../../src/roster-import/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph } from '../helpers/graph.ts';
import { copySet, countGraph, editCsv, generatedSet, readCsvFile } from '../helpers/roster.ts';

const total = (changes: Record<string, { created: number; updated: number; deleted: number }>) =>
  Object.values(changes).reduce((sum, change) => sum + change.created + change.updated + change.deleted, 0);

/** An import plans its writes before its transaction: what another change does in between must not be lost. */
describe('imports of one source that overlap', () => {
  let t: TestApp;
  let original: string;
  before(async () => {
    t = await createTestApp();
    original = await generatedSet({ schools: 1, studentsPerSchool: 15, seed: 'overlap' });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('an import whose source changed after it planned plans again, to apply what the source holds', async () => {
    const { sourceId } = await buildGraph(t);
    assert.equal((await runImport(t.ctx, sourceId, original)).state, 'succeeded');
    const renamed = copySet(original);
    const users = readCsvFile(join(original, 'users.csv'));
    const student = users.rows.find((row) => row[users.header.indexOf('role')] === 'student') as string[];
    const given = student[users.header.indexOf('givenName')] as string;
    editCsv(join(renamed, 'users.csv'), (rows) =>
      rows.map((row) => (row[0] === student[0] ? row.map((cell) => (cell === given ? 'Renamed' : cell)) : row)),
    );
    // The import of the original export is held at the door of its transaction while the renaming import runs whole.
    let interloper: Promise<unknown> | undefined;
    const db = new Proxy(t.ctx.db, {
      get(target, key) {
        if (key !== 'transaction') {
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return () => {
          const transaction = target.transaction();
          return {
            async execute(work: Parameters<typeof transaction.execute>[0]) {
              interloper ??= runImport(t.ctx, sourceId, renamed);
              await interloper;
              return transaction.execute(work);
            },
          };
        };
      },
    });
    const summary = await runImport({ ...t.ctx, db } as AppContext, sourceId, original);
    assert.equal(summary.state, 'succeeded');
    assert.deepEqual(summary.changes.people, { created: 0, updated: 1, deleted: 0 });
    const person = await t.ctx.db
      .selectFrom('people')
      .select('first_name')
      .where('id', '=', recordId(sourceId, 'people', student[0] as string))
      .executeTakeFirstOrThrow();
    assert.equal(person.first_name, given);
    const { rows } = await sql<{
      first_name: string;
    }>`select record->>'first_name' as first_name from graph_changes where type = 'updated' order by id`.execute(
      t.ctx.db,
    );
    assert.deepEqual(
      rows.map((row) => row.first_name),
      ['Renamed', given],
    );
  });

  test('two imports of one export at once both succeed; whichever merges second changes nothing', async () => {
    const { sourceId } = await buildGraph(t);
    const [a, b] = await Promise.all([runImport(t.ctx, sourceId, original), runImport(t.ctx, sourceId, original)]);
    assert.deepEqual([a.state, b.state], ['succeeded', 'succeeded']);
    const records = Object.values(await countGraph(t, sourceId)).reduce((sum, count) => sum + count, 0);
    assert.deepEqual(
      [total(a.changes), total(b.changes)].sort((x, y) => x - y),
      [0, records],
    );
    const events = await sql<{ n: number }>`select count(*)::int as n from graph_changes`.execute(t.ctx.db);
    assert.equal(events.rows[0]?.n, records, 'one change recorded per record');
  });
});
