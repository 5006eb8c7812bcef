import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database, Executor } from './db/connection.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Keyring } from './sealing/keyring.ts';

/** What every feature is handed: settings, the database, sealing and the job queue. */
export type AppContext = {
  config: Config;
  database: Database;
  db: Executor;
  keyring: Keyring;
  /** Signs paging cursors (`keyring.derive('paging cursors')`). */
  cursorKey: Buffer;
  jobs: JobQueue;
  log: Logger;
  /** What the server still does before it is ready (first-start seeding); null once ready. */
  startup: { pending: string | null };
};
