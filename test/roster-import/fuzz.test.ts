import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRandom } from '../../src/demo/random.ts';
import { runImport } from '../../src/roster-import/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, importInto } from '../helpers/graph.ts';
import { copySet, dumpGraph, editCsv, generatedSet } from '../helpers/roster.ts';

const EXPORTS = 80;

/** Cells real exports never hold but a broken or hostile one might. */
const HOSTILE = [
  '',
  '   ',
  '\u0000',
  'a\u0000b',
  '0000-01-01',
  '9999-12-31',
  '2024-02-30',
  '2020-13-01T25:00:00Z',
  '-0001-01-01',
  '99999999999999999999',
  '-1',
  '1e400',
  'NaN',
  'null',
  'TRUE',
  'tobedeleted',
  'inactive',
  '"',
  ',',
  '\n',
  '\r\n',
  '\\N',
  '\t',
  '{"a":1}',
  '{}',
  "'; drop table people; --",
  '\u{1F600}',
  '\uFFFD',
  '\u202E',
  'x'.repeat(20_000),
  'student,teacher',
  'KG,01,13',
  'parent',
  'a,b,,c',
];

/** A copy of the export with a few cells, and now and then a header cell, replaced. */
function mutate(original: string, seed: number): string {
  const next = createRandom(seed, 'import-fuzz').int;
  const set = copySet(original);
  const files = readdirSync(set).filter((name) => name.endsWith('.csv'));
  for (let edits = 1 + next(3); edits > 0; edits--) {
    const file = files[next(files.length)] as string;
    const value = HOSTILE[next(HOSTILE.length)] as string;
    editCsv(join(set, file), (rows, header) => {
      if (next(10) === 0) header[next(header.length)] = value;
      const row = rows[next(Math.max(rows.length, 1))];
      if (row) row[next(row.length)] = value;
      return rows;
    });
  }
  return set;
}

describe('importing malformed exports', () => {
  let t: TestApp;
  let original: string;
  before(async () => {
    t = await createTestApp();
    original = await generatedSet({ schools: 1, studentsPerSchool: 8, seed: 'import-fuzz' });
  });
  after(() => t.close());

  test(`${EXPORTS} exports with hostile cells import or are refused with located errors, no change`, async () => {
    const { sourceId } = await buildGraph(t);
    await importInto(t, sourceId, original);
    let refused = 0;
    for (let seed = 1; seed <= EXPORTS; seed++) {
      const before = await dumpGraph(t, sourceId);
      const summary = await runImport(t.ctx, sourceId, mutate(original, seed));
      assert.ok(summary.state === 'succeeded' || summary.state === 'failed', `seed ${seed}: ${summary.state}`);
      if (summary.state === 'failed') {
        refused++;
        assert.ok(summary.errors.length > 0, `seed ${seed}: refused without an error`);
        for (const issue of summary.errors)
          assert.match(issue.message, /^\S+\.csv( line \d+)?/, `seed ${seed}: ${issue.message}`);
        assert.deepEqual(await dumpGraph(t, sourceId), before, `seed ${seed}: a refused import changed the data`);
      }
    }
    // The generator must produce both outcomes, or the test proves nothing about one of them.
    assert.ok(refused > 0 && refused < EXPORTS, `refused ${refused} of ${EXPORTS}`);
  });
});
