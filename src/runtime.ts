import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { registerJobs } from './jobs/index.ts';
import { JobQueue } from './jobs/queue.ts';
import { createLogger } from './lib/logger.ts';
import { syncProviders } from './providers/store.ts';
import { Keyring, loadMasterKey } from './sealing/keyring.ts';

export type RuntimeOptions = {
  /** Run the job workers and schedules here (the server does; one-shot commands only send jobs). */
  workers?: boolean;
  log?: Logger;
  /** Keep the embedded database in memory instead of the data directory (tests, benchmarks). */
  inMemory?: boolean;
  /**
   * Another process (the primary of `serve --workers`) applied the migrations and runs the job
   * queue's maintenance and schedules: this one only sends jobs, so none of that happens N times.
   */
  prepared?: boolean;
};

/** Opens the database, applies migrations and assembles what the features share. */
export async function startRuntime(
  config: Config,
  options: RuntimeOptions = {},
): Promise<AppContext & { stop(): Promise<void> }> {
  const log = options.log ?? createLogger(config.logLevel);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: options.inMemory ? undefined : config.dataDir,
  });
  try {
    if (!options.prepared) {
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations');
      await syncProviders(database.db);
    }
    const keyring = new Keyring(database.db, loadMasterKey(config.secretKey, config.dataDir));
    const jobs = await JobQueue.start(database.jobs, log, { sendOnly: options.prepared === true });
    const cursorKey = keyring.derive('paging cursors');
    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      keyring,
      cursorKey,
      jobs,
      log,
      startup: { pending: null },
    };
    if (options.workers) await registerJobs(ctx);
    return {
      ...ctx,
      async stop() {
        await jobs.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
