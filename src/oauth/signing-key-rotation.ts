import type { AppContext } from '../context.ts';
import * as store from './signing-key-store.ts';
import { currentSigningKey, ID_TOKEN_LIFETIME_S, newKey } from './signing-keys.ts';

/** How long a new key is published before it signs, so that clients caching the key set have it first. */
export const PUBLISH_AHEAD_S = 24 * 60 * 60;
/** How long a key signs before the schedule replaces it. */
const ROTATE_AFTER_MS = 90 * 24 * 60 * 60 * 1000;
const QUEUE = 'oauth-signing-keys';

export type Rotation = { kid: string; activeDate: Date; started: boolean };

/**
 * Starts a rotation: a new key is published now and signs from `aheadSeconds` on; the key
 * signing until then stops at that moment and stays published until its id_tokens expire. A
 * rotation already under way is answered as it is (`started: false`) rather than stacked.
 */
export async function rotateSigningKey(
  ctx: AppContext,
  aheadSeconds = PUBLISH_AHEAD_S,
  now = new Date(),
): Promise<Rotation> {
  await currentSigningKey(ctx, now);
  const key = await newKey(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const newest = (await store.newestRow(tx, true)) as NonNullable<Awaited<ReturnType<typeof store.newestRow>>>;
    if (newest.active_date > now) return { kid: newest.kid, activeDate: newest.active_date, started: false };
    const activeDate = new Date(now.getTime() + aheadSeconds * 1000);
    await store.insertSuccessor(tx, newest.kid, { ...key, active_date: activeDate });
    return { kid: key.kid, activeDate, started: true };
  });
}

/** Forgets keys whose last id_token has expired; answers how many. */
export function pruneSigningKeys(ctx: AppContext, now = new Date()): Promise<number> {
  return store.deleteRetiredBefore(ctx.db, new Date(now.getTime() - ID_TOKEN_LIFETIME_S * 1000));
}

/** The schedule's work: replaces a key that has signed for long enough, and forgets keys past use. */
export async function rotateIfDue(ctx: AppContext, now = new Date()): Promise<Rotation | undefined> {
  await pruneSigningKeys(ctx, now);
  const newest = await store.newestRow(ctx.db);
  if (!newest || now.getTime() - newest.active_date.getTime() < ROTATE_AFTER_MS) return undefined;
  return rotateSigningKey(ctx, PUBLISH_AHEAD_S, now);
}

/** Daily: a key older than the rotation period gets its successor published a day ahead. */
export async function registerSigningKeyJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.schedule(QUEUE, '23 3 * * *');
  await ctx.jobs.work(QUEUE, async () => {
    const rotation = await rotateIfDue(ctx);
    if (rotation?.started) ctx.log.info({ kid: rotation.kid, active: rotation.activeDate }, 'signing key rotation');
  });
}
