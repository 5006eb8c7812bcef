import type { AppContext } from '../context.ts';
import { viewerOf } from '../graph/viewer.ts';
import { inService } from '../integrations/status.ts';
import { findIntegrationByTokenHash } from '../integrations/store.ts';
import { InvalidIntegrationState, InvalidToken } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import type { PrincipalOf } from './principal.ts';

type Found = NonNullable<Awaited<ReturnType<typeof findIntegrationByTokenHash>>> & { source_id: string };

/**
 * What each token's integration looked like when last checked: its source, sharing and
 * permissions, which say how to write the query that reads as it. Never what lets a request
 * in: a read built from it carries the token check itself (the token, the status now, the same
 * sharing and permissions) into the one statement it sends, and a read whose check fails
 * checks the token afresh. So revocation takes effect at the next request in every process.
 */
const shapes = new Map<string, Found>();
const MAX_SHAPES = 10_000;

function remember(hash: string, found: Found): void {
  shapes.delete(hash);
  shapes.set(hash, found);
  if (shapes.size > MAX_SHAPES) shapes.delete(shapes.keys().next().value as string);
}

/**
 * An integration's access token, checked in the database now: the integration it belongs to,
 * refused when deleted, rotated past its grace or not active (the status computed from the
 * dates now, not read from the last scheduled update).
 */
export async function verifiedIntegration(
  ctx: AppContext,
  hash: string,
  now: Date,
): Promise<PrincipalOf<'integration'>> {
  const found = await findIntegrationByTokenHash(ctx.db, hash, now);
  if (!found) {
    shapes.delete(hash);
    throw new InvalidToken();
  }
  const active = inService(found, now);
  if (!active) {
    shapes.delete(hash);
    throw new InvalidIntegrationState();
  }
  remember(hash, active);
  return { kind: 'integration', id: active.id, viewer: viewerOf(active) };
}

/**
 * The integration of a presented token. For a route that reads in one statement
 * (`provisional`), a token seen before yields a viewer whose every read proves the token in
 * the same statement; otherwise the token is checked first.
 */
export async function integration(
  ctx: AppContext,
  token: string,
  _accepts: unknown,
  now: Date,
  provisional = false,
): Promise<PrincipalOf<'integration'>> {
  const hash = lookupHash(token);
  const known = provisional ? shapes.get(hash) : undefined;
  if (!known) return verifiedIntegration(ctx, hash, now);
  const viewer = { ...viewerOf(known), proof: { tokenHash: hash, permissions: known.permissions } };
  return { kind: 'integration', id: known.id, viewer };
}
