import type { AppContext } from '../context.ts';
import { deliverDue } from './deliver.ts';
import { DELIVER, wake } from './publish.ts';
import * as store from './store.ts';

const RETENTION = 'webhook-retention';
const RETENTION_DAYS = 30;

/** The delivery log keeps a month of settled messages; a pending one stays until it settles. */
export function pruneDeliveries(ctx: Pick<AppContext, 'db'>, now = new Date()): Promise<number> {
  return store.deleteSettledBefore(ctx.db, new Date(now.getTime() - RETENTION_DAYS * 24 * 3600 * 1000));
}

/** Sends batches until none is left due. */
async function deliverAll(ctx: AppContext): Promise<void> {
  while ((await deliverDue(ctx)) > 0);
}

/**
 * A job wakes delivery after each change and at each retry's time; the minutely sweep sends what
 * a job missed. Messages live in the database, so what was due while the server was down goes
 * out when it starts again.
 */
export async function registerWebhookJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(DELIVER, () => deliverAll(ctx));
  // The sweep is the same job on a schedule: one worker polls for both.
  await ctx.jobs.schedule(DELIVER, '* * * * *');
  await ctx.jobs.schedule(RETENTION, '23 * * * *');
  await ctx.jobs.work(RETENTION, async () => {
    await pruneDeliveries(ctx);
  });
  await wake(ctx);
}
