import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test` runs every test file, two at a time; `npm test -- test/ops/routes.test.ts` runs only the
 * files named. Options (`--test-name-pattern=…`) pass through to node's test runner. The tests
 * get a temporary directory of their own, and a run fails when they leave anything in it.
 */
const args = process.argv.slice(2);
const files = args.some((arg) => !arg.startsWith('-')) ? [] : ['test/**/*.test.ts'];
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-run-'));
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...args, ...files], {
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: scratch },
});
const left = readdirSync(scratch);
rmSync(scratch, { recursive: true, force: true });
if (left.length > 0) {
  process.stderr.write(
    `the tests left ${left.length} entries in the temporary directory: ${left.slice(0, 10).join(', ')}\n`,
  );
  process.exit(run.status || 1);
}
process.exit(run.status ?? 1);
