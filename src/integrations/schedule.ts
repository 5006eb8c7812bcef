import { SYSTEM } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { publishStatusChange, wake } from '../webhooks/publish.ts';
import { audit } from './audit.ts';
import { statusAt, statusChanges } from './status.ts';
import * as store from './store.ts';
import type { IntegrationStatus } from './tables.ts';

const QUEUE = 'integration-status';
const SWEEP = 'integration-status-sweep';

/**
 * Sends one job per future start or end date. Jobs live in the database, so a date that passes
 * while the server is down is acted on when it starts again; the minutely sweep catches
 * anything a job missed (a date moved after its job was sent, say).
 */
export async function scheduleStatusChanges(
  ctx: AppContext,
  integration: {
    id: string;
    start_date: Date | null;
    end_date: Date | null;
    requested_status: IntegrationStatus;
  },
) {
  for (const at of statusChanges(integration, new Date())) {
    await ctx.jobs.send(QUEUE, { integration_id: integration.id }, { startAfter: at });
  }
}

/** Moves every integration whose start or end date has passed to the status its schedule gives. */
export async function applyDueStatuses(ctx: AppContext, now = new Date()): Promise<number> {
  const due = await store.integrationsDue(ctx.db, now);
  for (const { id } of due) {
    await ctx.db.transaction().execute(async (tx) => {
      // Every server process runs this sweep (several `serve`s on one PostgreSQL): the lock makes
      // the second one find the status already moved, so the change is audited once.
      await store.lockIntegration(tx, id);
      const before = await store.findIntegration(tx, id);
      if (!before) return;
      const status = statusAt(before, now);
      if (status === before.status) return;
      const after = await store.updateIntegration(tx, id, { status });
      await audit(tx, SYSTEM, status === 'active' ? 'integration.activated' : 'integration.deactivated', before, after);
      await publishStatusChange(tx, before, after);
    });
  }
  if (due.length > 0) await wake(ctx);
  return due.length;
}

export async function registerStatusJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(QUEUE, async () => {
    await applyDueStatuses(ctx);
  });
  await ctx.jobs.schedule(SWEEP, '* * * * *');
  await ctx.jobs.work(SWEEP, async () => {
    await applyDueStatuses(ctx);
  });
  await applyDueStatuses(ctx);
}
