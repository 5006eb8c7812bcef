import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/connection.ts';
import { DataDirBusy, lockDataDir } from '../../src/db/data-dir-lock.ts';
import { runGatehouse } from '../helpers/processes.ts';

/** A lock as a process that is gone now left it. */
function leaveLock(dir: string, owner: { pid: number; host: string }) {
  mkdirSync(join(dir, 'lock'), { recursive: true });
  writeFileSync(join(dir, 'lock', 'owner.json'), JSON.stringify({ ...owner, command: 'gatehouse serve' }));
}

describe('the data directory lock', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lock-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('is taken before the embedded database opens: a second opening of the directory is refused', async () => {
    const dir = fresh();
    const database = await openDatabase({ dataDir: dir });
    try {
      await assert.rejects(
        openDatabase({ dataDir: join(dir, '.') }),
        (error) => error instanceof DataDirBusy && error.owner?.pid === process.pid,
      );
    } finally {
      await database.close();
    }
    assert.ok(!existsSync(join(dir, 'lock')), 'released on close');
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  test("a lock left by a process that died is recovered; a live one's, or another machine's, is not", async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dir = fresh();
    leaveLock(dir, { pid: dead, host: hostname() });
    const release = await lockDataDir(dir);
    await release();

    const alive = fresh();
    leaveLock(alive, { pid: process.ppid, host: hostname() });
    await assert.rejects(lockDataDir(alive), /is in use by gatehouse serve \(pid \d+ on /);
    // A command finding the directory held by a process that takes no commands says what to do.
    const refused = await runGatehouse(['teams', 'list'], { GATEHOUSE_DATA_DIR: alive });
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      `gatehouse: the data directory ${alive} is in use by gatehouse serve (pid ${process.ppid} on ${hostname()}); ` +
        'wait for it to finish, or stop it, then run the command again\n',
    );
    const remote = fresh();
    leaveLock(remote, { pid: dead, host: 'another-machine' });
    await assert.rejects(lockDataDir(remote), /on another-machine\)/);
  });
});
