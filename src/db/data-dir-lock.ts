import { mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { processAlive } from '../lib/processes.ts';

/** Who holds a data directory: written into the lock when it is taken. */
export type LockOwner = { pid: number; host: string; command: string };

/** The data directory is held by another live process (or one this process cannot judge). */
export class DataDirBusy extends Error {
  readonly dataDir: string;
  readonly owner: LockOwner | undefined;
  constructor(dataDir: string, owner: LockOwner | undefined) {
    const by = owner ? `${owner.command} (pid ${owner.pid} on ${owner.host})` : 'another process';
    super(`the data directory ${dataDir} is in use by ${by}`);
    this.dataDir = dataDir;
    this.owner = owner;
  }
}

const HOST = hostname();
// The lock's mtime is never what decides staleness: PGlite runs on the main thread, and one long
// statement can starve the timer that refreshes it, so a busy owner would look dead. Whether the
// owner's process lives decides instead (see `abandoned`).
const NEVER_STALE = { stale: 24 * 60 * 60 * 1000 };
/** How long a lock may stay without its owner file (the owner is writing it) before it counts as abandoned. */
const UNNAMED_GRACE_MS = 30_000;
/** How long a process that found a lock waits for its owner to write its name. */
const OWNER_WAIT_MS = 2_000;

/** The data directories this process holds. */
const held = new Set<string>();

const lockPath = (dataDir: string) => join(dataDir, 'lock');
const ownerPath = (dataDir: string) => join(lockPath(dataDir), 'owner.json');

/**
 * The owner of a lock just taken writes its name a moment after the lock appears; a racer that
 * lost waits that moment out, so its refusal names the winner.
 */
async function awaitOwner(dataDir: string): Promise<LockOwner | undefined> {
  for (let waited = 0; waited < OWNER_WAIT_MS; waited += 50) {
    const owner = readOwner(dataDir);
    if (owner) return owner;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return readOwner(dataDir);
}

function readOwner(dataDir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(ownerPath(dataDir), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** A lock left by a process of this machine that no longer runs; another machine's lock is never judged. */
function abandoned(dataDir: string, owner: LockOwner | undefined): boolean {
  if (!owner) {
    try {
      return Date.now() - statSync(lockPath(dataDir)).mtimeMs > UNNAMED_GRACE_MS;
    } catch {
      return false;
    }
  }
  if (owner.host !== HOST) return false;
  // Its own pid on a lock this process does not hold is a previous life's (a container restarted).
  if (owner.pid === process.pid) return !held.has(dataDir);
  return !processAlive(owner.pid);
}

/**
 * Removes an abandoned lock. Recoverers queue on a second, short-lived lock and look again
 * under it, so one of them never removes a lock another has just taken.
 */
async function recover(dataDir: string, seen: LockOwner | undefined): Promise<void> {
  const release = await lockfile.lock(dataDir, {
    lockfilePath: join(dataDir, 'lock.recovery'),
    realpath: false,
    retries: { retries: 20, minTimeout: 50, maxTimeout: 500 },
  });
  try {
    const owner = readOwner(dataDir);
    if (JSON.stringify(owner) === JSON.stringify(seen) && abandoned(dataDir, owner))
      rmSync(lockPath(dataDir), { recursive: true, force: true });
  } finally {
    await release();
  }
}

async function take(dataDir: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  const release = await lockfile.lock(dataDir, {
    ...NEVER_STALE,
    lockfilePath: lockPath(dataDir),
    realpath: false,
    onCompromised,
  });
  const owner: LockOwner = { pid: process.pid, host: HOST, command: describeCommand() };
  writeFileSync(ownerPath(dataDir), JSON.stringify(owner), { mode: 0o600 });
  held.add(dataDir);
  return async () => {
    held.delete(dataDir);
    try {
      unlinkSync(ownerPath(dataDir));
    } catch {}
    await release();
  };
}

function describeCommand(): string {
  const words = process.argv.slice(2).filter((word) => !word.startsWith('-'));
  return `gatehouse ${words.slice(0, 2).join(' ')}`.trim();
}

/**
 * Takes the data directory for this process alone, before the embedded database opens it:
 * PGlite is one process's database, and a second process writing the same files destroys it.
 * A lock left by a process that died (killed, crashed) is recovered; a live owner's is not, and
 * the refusal names it. Resolves with the release.
 */
export async function lockDataDir(
  dataDir: string,
  onCompromised: (error: Error) => void = (error) => {
    throw error;
  },
): Promise<() => Promise<void>> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      return await take(dir, onCompromised);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      const owner = await awaitOwner(dir);
      if (attempt > 0 || !abandoned(dir, owner)) throw new DataDirBusy(dir, owner);
      await recover(dir, owner);
    }
  }
}
