import type { FastifyRequest } from 'fastify';
import { applicationOf, presentsApplicationSecret } from '../applications/auth.ts';
import type { AppContext } from '../context.ts';
import { InvalidToken, NotFound } from '../lib/errors.ts';
import { type Action, authenticate, authorizeRecord } from '../teams/auth.ts';
import { TOKEN_CONTEXT } from './service.ts';
import * as store from './store.ts';

export type IntegrationAccess = { row: store.IntegrationView; via: 'application' | 'team' };

const notFound = (id: string) => () => new NotFound(`Integration with id ${id} not found.`);

/**
 * An integration addressed by id, reached either by its application (application secret: only
 * that application's integrations) or by a member of the organization that granted it.
 * Anything else answers the same 404 as a missing integration. Only routes that say so accept
 * the application.
 */
export async function integrationAccess(
  ctx: AppContext,
  request: FastifyRequest,
  id: string,
  action: Action,
  options: { application: boolean },
): Promise<IntegrationAccess> {
  if (options.application && presentsApplicationSecret(request)) {
    const application = await applicationOf(ctx, request);
    if (!application) throw new InvalidToken('The application secret is not valid.');
    const row = await store.findIntegration(ctx.db, id);
    if (row?.application_id !== application.id) throw notFound(id)();
    return { row, via: 'application' };
  }
  await authenticate(ctx)(request);
  return {
    row: await authorizeRecord(ctx, request.caller, await store.findIntegration(ctx.db, id), action, notFound(id)),
    via: 'team',
  };
}

/** The access token, opened from its sealed copy, for the application's own view. */
export function openAccessToken(ctx: AppContext, row: store.IntegrationView): Promise<string> {
  return ctx.keyring.open(row.token_sealed, TOKEN_CONTEXT);
}
