import { checkGrantAtIssue } from '../../auth/oauth.ts';
import type { AppContext } from '../../context.ts';
import type { KeyView } from '../../developer-keys/store.ts';
import { UnauthorizedClient } from '../../lib/oauth-errors.ts';
import { checkRequestedScopes, IDENTITY_SCOPES, parseScope } from '../requested-scopes.ts';
import { insertGrant, mintTokens, tokenResponse } from '../tokens.ts';

/**
 * Client credentials, for automating the management API: only a confidential team key naming a
 * role may use it, and only while it is turned on in its team. The token acts in that team with
 * that role; without a `scope` a scoped key's token gets all of the key's scopes. No refresh
 * token: the client simply asks again.
 */
export async function clientCredentialsGrant(
  ctx: AppContext,
  key: KeyView,
  params: { scope?: string | undefined },
  known: { has(scope: string): boolean },
) {
  if (key.client_type === 'public' || !key.client_credentials_role || !key.team_id) {
    throw new UnauthorizedClient(
      'This key may not use the client_credentials grant; give a team key a client_credentials_role.',
    );
  }
  const subject = {
    team_id: key.team_id,
    subject_type: 'client' as const,
    user_id: null,
    person_id: null,
    integration_id: null,
    auth_time: new Date(),
  };
  await checkGrantAtIssue(ctx, subject, key);
  const requested =
    params.scope === undefined ? key.scopes : parseScope(params.scope).filter((scope) => !IDENTITY_SCOPES.has(scope));
  checkRequestedScopes(requested, key, known);
  const minted = mintTokens(false);
  const grant = await ctx.db.transaction().execute((tx) => insertGrant(tx, key, subject, requested, minted));
  return tokenResponse(ctx, key, grant, minted);
}
