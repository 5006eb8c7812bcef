import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createLogger } from '../lib/logger.ts';
import { startRuntime } from '../runtime.ts';
import { ensurePlatformAdmin } from '../teams/service.ts';
import type { CommandEnv } from './command.ts';
import { firstStart } from './first-start.ts';

export type Cleanup = () => Promise<unknown>;

const MAX_WORKERS = 64;
/** How long a worker told to stop may take to answer the requests under way before it is killed. */
const DRAIN_MS = 30_000;

/** `--workers` or GATEHOUSE_WORKERS; more than one needs PostgreSQL, which several processes can share. */
export function workerCount(option: string | undefined, settings: Config): number {
  const count = option === undefined ? settings.workers : Number(option);
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS)
    throw new Error(`--workers must be a whole number from 1 to ${MAX_WORKERS}, not ${option}`);
  if (count > 1 && !settings.databaseUrl)
    throw new Error(
      `${count} workers need PostgreSQL (DATABASE_URL): the embedded database belongs to one process, ` +
        'so serve it with one worker (without --workers or GATEHOUSE_WORKERS), or set DATABASE_URL',
    );
  return count;
}

async function stopWorker(worker: Worker, log: Logger): Promise<void> {
  if (worker.isDead()) return;
  const exited = once(worker, 'exit');
  worker.process.kill('SIGTERM');
  const timer = setTimeout(() => {
    log.warn(`worker ${worker.id} did not stop within ${DRAIN_MS / 1000} s; killing it`);
    worker.process.kill('SIGKILL');
  }, DRAIN_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * The primary of `serve --workers N`: applies the migrations, creates the platform
 * administrator and runs the job queue (workers and cron schedules) once, then forks N
 * processes that share the port (node's cluster hands them connections in turn). A worker that
 * dies after it listened is replaced, with a log line; one that dies before it ever listened
 * (a bad setting, the port taken) would die again, so the whole server stops instead. SIGTERM or
 * SIGINT stops the workers (each answers its requests under way), then the job queue.
 */
export async function runPrimary(env: CommandEnv, settings: Config, count: number): Promise<void> {
  const log = createLogger(settings.logLevel).child({ worker: 'primary' });
  const workers = new Set<Worker>();
  let stopping = false;
  // A stop asked for during the migrations lets them finish: half a migration is worse.
  const starting = startRuntime(settings, { workers: true, log });
  const shutdown = async () => {
    stopping = true;
    await Promise.all([...workers].map((worker) => stopWorker(worker, log)));
    const runtime = await starting.catch(() => undefined);
    await runtime?.stop().catch((error: unknown) => env.io.err(`gatehouse: while stopping: ${String(error)}\n`));
  };
  const stop = (code: number) => () => {
    if (stopping) return;
    log.info(`stopping ${workers.size} workers`);
    void shutdown().then(() => process.exit(code));
  };
  process.on('SIGTERM', stop(0));
  process.on('SIGINT', stop(0));

  const fork = () =>
    new Promise<void>((listening, failed) => {
      const worker = cluster.fork();
      const pid = worker.process.pid;
      let listened = false;
      workers.add(worker);
      worker.once('listening', () => {
        listened = true;
        log.info({ worker_pid: pid }, `worker ${worker.id} listening`);
        listening();
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (stopping) return;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!listened) return failed(new Error(`worker ${worker.id} exited with ${how} before it listened`));
        log.error(
          { worker_pid: pid, code, signal },
          `worker ${worker.id} exited with ${how}; starting another in its place`,
        );
        fork().catch((error: unknown) => {
          log.error({ err: error }, 'a replacement worker failed to start; stopping');
          stop(1)();
        });
      });
    });

  try {
    const runtime = await starting;
    const admin = await ensurePlatformAdmin(runtime.db, settings.adminEmail, settings.adminPassword);
    if (admin?.password)
      env.io.out(`Created platform administrator ${admin.email} with password ${admin.password} (shown once).\n`);
    await firstStart(runtime);
    if (stopping) return;
    await Promise.all(Array.from({ length: count }, fork));
  } catch (error) {
    if (stopping) return;
    await shutdown();
    throw error;
  }
  const url = settings.publicUrl;
  log.info({ url, database: 'postgres', workers: count }, 'ready');
  env.io.out(`Gatehouse listening on ${url} (database: postgres, ${count} workers); API docs at ${url}/docs\n`);
}
