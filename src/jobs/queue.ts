import { fromPglite, PgBoss, type SendOptions } from 'pg-boss';
import type { Logger } from 'pino';
import type { JobBackend } from '../db/connection.ts';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/**
 * Scheduled and background work on pg-boss, in the same database as everything else, so a job
 * sent before a restart still runs after it.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #queues = new Set<string>();

  private constructor(boss: PgBoss, log: Logger) {
    this.#boss = boss;
    this.#log = log;
  }

  /**
   * `sendOnly`: this process sends jobs but leaves the queue's upkeep (schema migration,
   * maintenance, sending cron occurrences) to the one process that runs the workers.
   */
  static async start(backend: JobBackend, log: Logger, options: { sendOnly?: boolean } = {}): Promise<JobQueue> {
    const upkeep = options.sendOnly ? { migrate: false, supervise: false, schedule: false } : {};
    const boss =
      backend.kind === 'postgres'
        ? new PgBoss({ connectionString: backend.connectionString, schema: 'pgboss', max: 4, ...upkeep })
        : new PgBoss({ db: fromPglite(backend.database), backend: 'pglite', schema: 'pgboss' });
    boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
    await boss.start();
    return new JobQueue(boss, log);
  }

  async #ensureQueue(name: string): Promise<void> {
    if (this.#queues.has(name)) return;
    await this.#boss.createQueue(name);
    this.#queues.add(name);
  }

  async send(name: string, data: Record<string, unknown>, options: SendOptions = {}): Promise<void> {
    await this.#ensureQueue(name);
    await this.#boss.send(name, data, options);
  }

  /** Runs `handler` for each job of `name`; failures are logged and retried by pg-boss. */
  async work(name: string, handler: JobHandler): Promise<void> {
    await this.#ensureQueue(name);
    await this.#boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) {
        try {
          await handler(job.data ?? {});
        } catch (error) {
          this.#log.error({ err: error, job: name }, 'job failed');
          throw error;
        }
      }
    });
  }

  /** Sends `name` on a cron schedule (UTC). */
  async schedule(name: string, cron: string): Promise<void> {
    await this.#ensureQueue(name);
    await this.#boss.schedule(name, cron);
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: 5000 });
  }
}
