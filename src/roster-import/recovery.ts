import { hostname } from 'node:os';
import type { Executor } from '../db/connection.ts';
import { processAlive } from '../lib/processes.ts';
import { runningImports, updateImport } from './store/imports.ts';
import { dropStaging } from './store/staging.ts';

const HOST = hostname();

/** `host:pid` of this process, recorded on the imports it runs. */
export const RUNNER = `${HOST}:${process.pid}`;

/** Imports this process is running now. */
export const liveImports = new Set<string>();

/** How long an import of another machine may go without a heartbeat before it counts as dead. */
const STALE_MS = 2 * 60 * 1000;

/**
 * Whether the process running an import still lives. On this machine that is known exactly
 * (the pid); another machine's import is judged by its heartbeat.
 */
function alive(id: string, runner: string, heartbeat: Date): boolean {
  const at = runner.lastIndexOf(':');
  const host = runner.slice(0, at);
  const pid = Number(runner.slice(at + 1));
  if (host !== HOST) return Date.now() - heartbeat.getTime() < STALE_MS;
  if (pid === process.pid) return liveImports.has(id);
  return processAlive(pid);
}

/**
 * Marks `failed` every import whose process died while it ran (killed, crashed, machine lost)
 * and drops the staging tables nobody will merge. Nothing of such an import reached the graph:
 * it only ever wrote staging tables before its merge transaction.
 */
export async function recoverInterrupted(db: Executor): Promise<void> {
  for (const running of await runningImports(db)) {
    if (alive(running.id, running.runner, running.heartbeat_date)) continue;
    const finished = new Date();
    const message = 'the import was interrupted (its process stopped) before it finished; nothing of it was applied';
    await updateImport(db, running.id, {
      state: 'failed',
      errors: JSON.stringify([{ file: null, line: null, column: null, message, count: 1 }]),
      error_count: 1,
      finished_date: finished,
      duration_ms: finished.getTime() - running.started_date.getTime(),
    });
  }
  await dropStaging(db, async () => {
    const running = new Set((await runningImports(db)).map((entry) => entry.id));
    return (id) => running.has(id);
  });
}
