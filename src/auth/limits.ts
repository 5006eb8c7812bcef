import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Executor } from '../db/connection.ts';
import { lookupHash } from '../lib/tokens.ts';
import { limiterClient } from './store.ts';

/** Failures an account may have in a window (seconds, from its first failure) before it is refused. */
const ACCOUNT = { points: 10, duration: 15 * 60 };
/** Failures one client address may have across accounts (guessing many accounts at once). */
const ADDRESS = { points: 50, duration: 60 * 60 };
/** Failures answered at full speed; each further one is answered a little later. */
const FREE_FAILURES = 3;
const SLOWDOWN_STEP_MS = 100;
const SLOWDOWN_MAX_MS = 1000;

/** A sign-in refused for too many failures: how long until it may be tried again. */
export class SignInBlocked extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Password guessing, slowed and then stopped per account and per client address. The counts
 * live in the database, so every server process on one database shares them.
 */
export class SignInLimits {
  readonly #account: RateLimiterPostgres;
  readonly #address: RateLimiterPostgres;

  constructor(db: Executor) {
    const store = { storeClient: limiterClient(db), storeType: 'pool', tableName: 'sign_in_failures' };
    this.#account = new RateLimiterPostgres({ ...store, ...ACCOUNT, keyPrefix: 'account', tableCreated: true });
    this.#address = new RateLimiterPostgres({ ...store, ...ADDRESS, keyPrefix: 'address', tableCreated: true });
  }

  /** Refuses before the password is even checked when either count is spent. */
  async check(email: string, address: string): Promise<void> {
    const [account, client] = await Promise.all([this.#account.get(keyOf(email)), this.#address.get(address)]);
    const waits = [blockedFor(account, ACCOUNT.points), blockedFor(client, ADDRESS.points)];
    const wait = Math.max(...waits);
    if (wait > 0) throw new SignInBlocked(wait);
  }

  /** Counts a failure; answers after a delay that grows with the account's failures. */
  async failed(email: string, address: string): Promise<void> {
    const [account] = await Promise.all([this.#account.penalty(keyOf(email)), this.#address.penalty(address)]);
    const extra = account.consumedPoints - FREE_FAILURES;
    if (extra > 0) await sleep(Math.min(extra * SLOWDOWN_STEP_MS, SLOWDOWN_MAX_MS));
  }

  /**
   * A success clears the account's count. The address's stays: otherwise signing in to one's
   * own account between guesses would wipe the count of guesses at other accounts.
   */
  async succeeded(email: string): Promise<void> {
    await this.#account.delete(keyOf(email));
  }
}

/** Email addresses are kept only as hashes. */
function keyOf(email: string): string {
  return lookupHash(email.trim().toLowerCase());
}

function blockedFor(res: RateLimiterRes | null, points: number): number {
  return res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
}
