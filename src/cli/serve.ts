import cluster from 'node:cluster';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { DataDirBusy } from '../db/data-dir-lock.ts';
import { createLogger } from '../lib/logger.ts';
import { openOperatorChannel, type RunCommand } from '../operator/channel.ts';
import { startRuntime } from '../runtime.ts';
import { ensurePlatformAdmin } from '../teams/service.ts';
import { type Cleanup, runPrimary, workerCount } from './cluster.ts';
import type { CommandEnv, CommandModule } from './command.ts';
import { firstStart } from './first-start.ts';

type Start = (signal: AbortSignal, cleanups: Cleanup[]) => Promise<void>;

/**
 * Starts step by step; each step adds how to undo it. A stop asked for meanwhile (`signal`)
 * lets the step under way finish (an interrupted migration or seeding would leave half a
 * database) and skips the rest.
 */
async function start(env: CommandEnv, run: RunCommand, signal: AbortSignal, cleanups: Cleanup[]): Promise<void> {
  const settings: Config = env.config();
  const runtime = await startRuntime(settings, { workers: true }).catch((error: unknown) => {
    if (error instanceof DataDirBusy)
      throw new Error(`${error.message}; stop it first, or set GATEHOUSE_DATA_DIR to another directory`);
    throw error;
  });
  cleanups.push(() => runtime.stop());
  if (signal.aborted) return;
  const admin = await ensurePlatformAdmin(runtime.db, settings.adminEmail, settings.adminPassword);
  if (admin?.password)
    env.io.out(`Created platform administrator ${admin.email} with password ${admin.password} (shown once).\n`);
  if (signal.aborted) return;
  runtime.startup.pending = 'first-start seeding';
  const app = await buildApp(runtime);
  cleanups.push(() => app.close());
  await app.listen({ port: settings.port, host: settings.host });
  if (runtime.database.kind === 'pglite') {
    // Without the channel (a data directory path too long for a socket, say) the server still
    // serves; commands then refuse while it runs, saying so.
    const channel = await openOperatorChannel(runtime, run).catch((error: unknown) => {
      runtime.log.warn(
        { err: error },
        'the operator channel is unavailable: commands cannot run while the server runs',
      );
    });
    if (channel) cleanups.push(() => channel.close());
  }
  if (signal.aborted) return;
  await firstStart(runtime);
  runtime.startup.pending = null;
  runtime.log.info({ url: settings.publicUrl, database: runtime.database.kind }, 'ready');
  const url = settings.publicUrl;
  const database = runtime.database.kind;
  env.io.out(`Gatehouse listening on ${url} (database: ${database}); console at ${url}/, API docs at ${url}/docs\n`);
}

/**
 * One HTTP process of `serve --workers N`, forked by the primary (cluster.ts), which migrated,
 * seeded and runs the jobs: this one only answers requests, on the port all workers share.
 */
async function startWorker(env: CommandEnv, signal: AbortSignal, cleanups: Cleanup[]): Promise<void> {
  const settings = env.config();
  const log = createLogger(settings.logLevel).child({ worker: cluster.worker?.id });
  const runtime = await startRuntime(settings, { prepared: true, log });
  cleanups.push(() => runtime.stop());
  if (signal.aborted) return;
  const app = await buildApp(runtime);
  cleanups.push(() => app.close());
  await app.listen({ port: settings.port, host: settings.host });
  log.info('worker ready');
}

/**
 * Runs `begin` and stops cleanly on SIGTERM or SIGINT from its first moment, closing in reverse
 * order of start: the operator channel (aborting commands it runs), the HTTP server (waiting for
 * requests under way), then the job queue and the database, which releases the data directory.
 * A worker also stops when its primary is gone (the IPC channel closes).
 */
async function serveUntilStopped(env: CommandEnv, begin: Start): Promise<void> {
  const stopping = new AbortController();
  const cleanups: Cleanup[] = [];
  const undo = async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((error: unknown) => env.io.err(`gatehouse: while stopping: ${String(error)}\n`));
  };
  let started: Promise<void> = Promise.resolve();
  const stop = async () => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    await started.catch(() => {});
    await undo();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (cluster.isWorker) process.on('disconnect', stop);
  started = begin(stopping.signal, cleanups);
  try {
    await started;
  } catch (error) {
    if (stopping.signal.aborted) return;
    await undo();
    throw error;
  }
}

/** `serve`: one process, or with `--workers N` (PostgreSQL only) a primary and N HTTP workers. */
export const serveCommand =
  (run: RunCommand): CommandModule =>
  (program, env) => {
    program
      .command('serve')
      .description('Run the server: applies migrations, runs scheduled jobs, seeds demo data on first start.')
      .option('--workers <n>', 'processes answering HTTP on the one port, PostgreSQL only (default: GATEHOUSE_WORKERS)')
      .action(async (options: { workers?: string }) => {
        if (cluster.isWorker) return serveUntilStopped(env, (signal, cleanups) => startWorker(env, signal, cleanups));
        const settings = env.config();
        const workers = workerCount(options.workers, settings);
        if (workers > 1) return runPrimary(env, settings, workers);
        return serveUntilStopped(env, (signal, cleanups) => start(env, run, signal, cleanups));
      });
  };
