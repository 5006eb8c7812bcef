import { issueToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { InvalidIntegrationState, InvalidVerifier } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { presentIntegration } from './presenters.ts';
import { openAccessToken } from './service.ts';
import { inService } from './status.ts';
import * as store from './store.ts';

const VERIFIER_LIFETIME_MS = 10 * 60 * 1000;

/**
 * What an activation message adds for the application: a fresh one-time verifier, valid ten
 * minutes, made at each attempt so none is ever stored but as its hash, and each replacing the
 * last. An integration no longer in service by then gets none.
 */
export async function activationFields(db: Executor, integrationId: string): Promise<{ verifier?: string }> {
  const row = await store.findIntegrationRow(db, integrationId);
  const now = new Date();
  if (!row || !inService(row, now)) return {};
  const { token, hash } = issueToken('activationVerifier');
  await store.replaceVerifier(db, {
    integration_id: integrationId,
    verifier_hash: hash,
    expires_date: new Date(now.getTime() + VERIFIER_LIFETIME_MS),
  });
  return { verifier: token };
}

/**
 * The application trades the verifier of its activation message for the integration's access
 * token: once, within ten minutes, and only while the integration is in service.
 */
export async function exchangeVerifier(ctx: AppContext, row: store.IntegrationView, verifier: string) {
  const now = new Date();
  if (!inService(row, now)) throw new InvalidIntegrationState();
  if (!(await store.takeVerifier(ctx.db, row.id, lookupHash(verifier), now))) throw new InvalidVerifier();
  return presentIntegration(row, await openAccessToken(ctx, row));
}
