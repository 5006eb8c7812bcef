/**
 * Seconds to wait after each failed attempt: quick retries for a blip, then ever longer waits
 * for an outage, ten attempts over about three days (75 h 35 min from the first) before the
 * message counts as failed.
 */
export const RETRY_DELAYS = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400] as const;

/** When to try again after the attempt at `step` failed at `now`; undefined when the schedule is spent. */
export function nextAttemptAfter(step: number, now: Date): Date | undefined {
  const delay = RETRY_DELAYS[step];
  return delay === undefined ? undefined : new Date(now.getTime() + delay * 1000);
}
