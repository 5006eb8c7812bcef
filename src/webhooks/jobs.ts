import type { AppContext } from '../context.ts';
import { deliverDue } from './deliver.ts';
import { DELIVER, wake } from './publish.ts';

const SWEEP = 'webhook-sweep';

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
  await ctx.jobs.schedule(SWEEP, '* * * * *');
  await ctx.jobs.work(SWEEP, () => deliverAll(ctx));
  await wake(ctx);
}
