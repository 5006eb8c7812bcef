import { spawnSync } from 'node:child_process';

/**
 * `npm test` runs every test file, two at a time; `npm test -- test/ops.test.ts` runs only the
 * files named. Options (`--test-name-pattern=…`) pass through to node's test runner.
 */
const args = process.argv.slice(2);
const files = args.some((arg) => !arg.startsWith('-')) ? [] : ['test/**/*.test.ts'];
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...args, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
