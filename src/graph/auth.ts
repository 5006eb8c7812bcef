import type { FastifyRequest } from 'fastify';
import type { Executor } from '../db/connection.ts';
import { statusAt } from '../integrations/status.ts';
import { bearerToken } from '../lib/bearer.ts';
import { InvalidIntegrationState, InvalidToken } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { type Viewer, viewerOf } from './viewer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration reading the graph, set by the Graph API's token check. */
    viewer?: Viewer;
  }
}

/**
 * The integration whose access token this is: the current one, or the previous one while its
 * rotation grace lasts. Read on every request (one indexed query), so a deleted, rotated or
 * disabled integration is refused on the next request by every server process alike.
 */
function integrationByToken(db: Executor, token: string, now: Date) {
  const hash = lookupHash(token);
  return db
    .selectFrom('integrations')
    .select(['id', 'source_id', 'permissions', 'requested_status', 'start_date', 'end_date'])
    .where((eb) =>
      eb.or([
        eb('token_hash', '=', hash),
        eb.and([eb('previous_token_hash', '=', hash), eb('previous_token_expires_date', '>', now)]),
      ]),
    )
    .executeTakeFirst();
}

/** The viewer of an integration access token; the status is computed from the dates now, not read from the last scheduled update. */
export async function viewerForToken(db: Executor, token: string | undefined, now = new Date()): Promise<Viewer> {
  if (!token) throw new InvalidToken();
  const integration = await integrationByToken(db, token, now);
  if (!integration) throw new InvalidToken();
  if (statusAt(integration, now) !== 'active') throw new InvalidIntegrationState();
  return viewerOf(integration);
}

/** The Graph API's first step: who is asking. */
export function graphAuthentication(db: Executor) {
  return async (request: FastifyRequest): Promise<void> => {
    request.viewer = await viewerForToken(db, bearerToken(request));
  };
}
