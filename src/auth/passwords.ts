import type { Executor } from '../db/connection.ts';
import { verifyPassword } from '../lib/tokens.ts';
import { findUserByEmail } from '../teams/store.ts';
import { SignInLimits } from './limits.ts';

/** Spent on an unknown email so it takes as long as a wrong password. */
const NO_SUCH_USER = 'scrypt$16384$8$1$c2lnbi1pbi10aW1pbmc$c2lnbi1pbi10aW1pbmctcGFkZGluZy1jb25zdGFudA';

const limits = new WeakMap<Executor, SignInLimits>();

function limitsOf(db: Executor): SignInLimits {
  const found = limits.get(db) ?? new SignInLimits(db);
  limits.set(db, found);
  return found;
}

/**
 * A Gatehouse user by email and password, or undefined: an unknown email and a wrong password
 * take the same time and count the same against the limits. Throws `SignInBlocked` once an
 * account or the client's address has failed too often.
 */
export async function checkPassword(db: Executor, email: string, password: string, address: string) {
  const limiter = limitsOf(db);
  await limiter.check(email, address);
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(password, user?.password_hash ?? NO_SUCH_USER);
  if (user && valid) {
    await limiter.succeeded(email);
    return user;
  }
  await limiter.failed(email, address);
  return undefined;
}
