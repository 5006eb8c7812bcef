import type { AppContext } from '../../context.ts';
import { deleteEventsBefore, deleteTombstonesBefore } from '../store/events.ts';

const QUEUE = 'graph-events-retention';
const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_DAYS = 30;

/** Drops events past the retention period (and stray tombstones); returns how many events went. */
export async function pruneEvents(ctx: Pick<AppContext, 'db'>, now = new Date()): Promise<number> {
  await deleteTombstonesBefore(ctx.db, new Date(now.getTime() - DAY_MS));
  return deleteEventsBefore(ctx.db, new Date(now.getTime() - RETENTION_DAYS * DAY_MS));
}

/** Hourly, so no event outlives the retention period by more than an hour. */
export async function registerEventJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.schedule(QUEUE, '7 * * * *');
  await ctx.jobs.work(QUEUE, async () => {
    const deleted = await pruneEvents(ctx);
    if (deleted > 0) ctx.log.info({ deleted }, 'pruned graph events');
  });
}
