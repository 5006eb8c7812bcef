import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';
import { buildSource, countGraph, gatehouse, generatedSet, outcome } from '../helpers/roster.ts';

/**
 * The JavaScript heap the importing process gets: below what holding the parsed records of the
 * larger set would take. Beside other suites, with trigram indexes kept up during the import,
 * the larger set can exceed 64 MB.
 */
const HEAP_MB = 96;

async function megabytes(dir: string): Promise<number> {
  const names = await readdir(dir);
  return names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 1e6;
}

/** Runs `gatehouse import` with a small heap and samples its resident memory from /proc. */
async function importInChild(
  env: Record<string, string>,
  sourceId: string,
  path: string,
): Promise<{ code: number | null; peakMb: number; output: string }> {
  const child = gatehouse(env, ['import', sourceId, path], [`--max-old-space-size=${HEAP_MB}`]);
  let peak = 0;
  const sampler = setInterval(() => {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    if (kb) peak = Math.max(peak, Number(kb) / 1024);
  }, 25);
  const { code, stdout, stderr } = await outcome(child);
  clearInterval(sampler);
  return { code, peakMb: peak, output: stdout + stderr };
}

describe('memory of an import', { skip: process.platform === 'linux' ? false : 'skipped: reads /proc' }, () => {
  let t: TestApp;
  let medium: string;
  let large: string;
  before(async () => {
    medium = await generatedSet({ schools: 5, studentsPerSchool: 500, seed: 'memory-medium' });
    large = await generatedSet({ schools: 15, studentsPerSchool: 500, seed: 'memory-large' });
    t = await createTestApp({ persistent: true });
  });
  after(() => t.close());

  // The medium set is already larger than what the embedded engine, which runs inside the importing
  // process on PGlite, keeps in its caches of fixed size (shared buffers, index-build memory):
  // from there on, memory must not follow the files.
  test('stays flat whatever the size: a set 3 times larger imports in a 96 MB heap with a similar RSS', async () => {
    const a = await buildSource(t);
    const b = await buildSource(t);
    if (!onPostgres) await t.stop();
    const mediumRun = await importInChild(t.env, a.sourceId, medium);
    const largeRun = await importInChild(t.env, b.sourceId, large);
    if (!onPostgres) await t.start();
    assert.equal(mediumRun.code, 0, mediumRun.output);
    assert.equal(largeRun.code, 0, largeRun.output);
    const sizes = { medium: await megabytes(medium), large: await megabytes(large) };
    assert.ok(sizes.large > 2.5 * sizes.medium, JSON.stringify(sizes));
    const growth = largeRun.peakMb - mediumRun.peakMb;
    const report =
      `peak RSS ${mediumRun.peakMb.toFixed(0)} MB for ${sizes.medium.toFixed(1)} MB of CSV, ` +
      `${largeRun.peakMb.toFixed(0)} MB for ${sizes.large.toFixed(1)} MB`;
    // Three times the files may cost the larger heap's slack, never the files' parsed records.
    assert.ok(growth < 120, report);
    const counts = await countGraph(t, b.sourceId);
    assert.ok((counts.enrollments ?? 0) > 15000, JSON.stringify(counts));
    process.stdout.write(`# ${report}\n`);
  });
});
