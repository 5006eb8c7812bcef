import type { AppContext } from '../context.ts';
import { findProviderById } from '../providers/store.ts';
import { resolveConnection } from './resolve.ts';
import { tokenOf } from './service.ts';
import * as store from './store.ts';

const SWEEP = 'connection-token-sweep';
/** The sweep runs every minute, so it refreshes what would fall due before the next two runs. */
const AHEAD_SECONDS = 120;
const BATCH = 100;

/**
 * Refreshes, ahead of any read, every team's tokens that fall within their provider's margin
 * soon (and day-old tokens of unknown expiry), each through the same single-flight path as a
 * read, so a read and the sweep never both spend a refresh token. Answers how many it looked at.
 */
export async function sweepTokens(ctx: AppContext, now = new Date()): Promise<number> {
  const candidates = await store.tokensDue(ctx.db, now, AHEAD_SECONDS, BATCH);
  for (const candidate of candidates) {
    const source = await store.findSourceById(ctx.db, candidate.source_id, candidate.team_id);
    const provider = source && (await findProviderById(ctx.db, source.provider_id));
    if (!provider) continue;
    const connection = await resolveConnection(ctx, provider, { kind: 'team', teamId: candidate.team_id });
    await tokenOf(ctx, connection, { aheadSeconds: AHEAD_SECONDS }).catch((error: unknown) => {
      // The failure is recorded on the token (refresh_failed, reauth_required); the sweep goes on.
      ctx.log.info({ source: candidate.source_id, err: error instanceof Error ? error.message : 'failed' }, 'sweep');
    });
  }
  return candidates.length;
}

export async function registerConnectionJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.schedule(SWEEP, '* * * * *');
  await ctx.jobs.work(SWEEP, async () => {
    await sweepTokens(ctx);
  });
}
