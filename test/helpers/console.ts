import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import { CONSOLE_DIR } from '../../src/console/routes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The admin console as `npm start` would build it, built first when it is missing. Test files
 * run two at a time, so one builds while the other waits for it instead of both writing dist/.
 */
export async function builtConsole(): Promise<string> {
  if (existsSync(`${CONSOLE_DIR}index.html`)) return CONSOLE_DIR;
  const release = await lockfile.lock(`${ROOT}console`, {
    lockfilePath: `${ROOT}console/.build.lock`,
    retries: { retries: 120, minTimeout: 500, maxTimeout: 1000 },
  });
  try {
    if (existsSync(`${CONSOLE_DIR}index.html`)) return CONSOLE_DIR;
    const build = spawnSync(`${ROOT}node_modules/.bin/node`, ['scripts/console-build.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`building the console failed: ${build.stderr}`);
    return CONSOLE_DIR;
  } finally {
    await release();
  }
}
