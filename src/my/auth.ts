import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import { requirePermissions, viewerOf } from '../graph/viewer.ts';
import { statusAt } from '../integrations/status.ts';
import type { IntegrationTables } from '../integrations/tables.ts';
import { InvalidIntegrationState, InvalidToken, UnsharedToken } from '../lib/errors.ts';
import { accessGrantOf, challenge } from '../oauth/access.ts';
import { personShared } from './viewer.ts';

export type Me = { id: string; integration: Selectable<IntegrationTables['integrations']> };

declare module 'fastify' {
  interface FastifyRequest {
    /** The person a User API request is made for, set by its token check. */
    me?: Me;
  }
}

/**
 * The User API's first step: a person's access token (not an integration's, not a user's),
 * whose integration is active and still grants `sso`, and whose person it still shares.
 * Checked on every request, so disabling the integration or unsharing the person stops the
 * token at once, and re-enabling revives it (Edlink pauses person tokens the same way).
 */
export function personAuthentication(ctx: AppContext) {
  return async function personAuthentication(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const access = await accessGrantOf(ctx, request);
    const { person_id: personId, integration_id: integrationId } = access?.grant ?? {};
    const integration = integrationId
      ? await ctx.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirst()
      : undefined;
    if (!personId || !integration) {
      challenge(reply);
      throw new InvalidToken();
    }
    if (statusAt(integration, new Date()) !== 'active') throw new InvalidIntegrationState();
    const viewer = viewerOf(integration);
    requirePermissions(viewer, ['sso']);
    if (!(await personShared(ctx.db, integration, personId))) throw new UnsharedToken();
    request.viewer = viewer;
    request.me = { id: personId, integration };
  };
}
