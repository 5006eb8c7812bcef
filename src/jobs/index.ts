import type { AppContext } from '../context.ts';

/** Each feature's workers and schedules, registered when the server starts its job queue. */
const REGISTRATIONS: Array<(ctx: AppContext) => Promise<void>> = [];

export async function registerJobs(ctx: AppContext): Promise<void> {
  for (const register of REGISTRATIONS) await register(ctx);
}
