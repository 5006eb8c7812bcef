import { registerConnectionJobs } from '../connections/sweeper.ts';
import type { AppContext } from '../context.ts';
import { registerEventJobs } from '../graph/events/retention.ts';
import { registerStatusJobs } from '../integrations/schedule.ts';
import { registerSigningKeyJobs } from '../oauth/signing-key-rotation.ts';
import { registerWebhookJobs } from '../webhooks/jobs.ts';

/** Each feature's workers and schedules, registered when the server starts its job queue. */
const REGISTRATIONS: Array<(ctx: AppContext) => Promise<void>> = [
  registerStatusJobs,
  registerEventJobs,
  registerSigningKeyJobs,
  registerConnectionJobs,
  registerWebhookJobs,
];

export async function registerJobs(ctx: AppContext): Promise<void> {
  for (const register of REGISTRATIONS) await register(ctx);
}
