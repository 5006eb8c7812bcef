import type { AppContext } from '../context.ts';
import { personShared } from '../graph/store.ts';
import { requirePermissions, viewerOf } from '../graph/viewer.ts';
import { statusAt } from '../integrations/status.ts';
import { findIntegrationRow } from '../integrations/store.ts';
import { InvalidIntegrationState, InvalidToken, UnsharedToken } from '../lib/errors.ts';
import { findUser, membershipRole } from '../teams/store.ts';
import { resolveAccessToken } from './access.ts';
import type { AccessGrant, Principal, PrincipalKind } from './principal.ts';

/**
 * Whom an OAuth access token stands for. A user's token reaches only the team it was issued for,
 * with the user's current role there (never platform-wide powers); a client-credentials token
 * acts in its key's team with the role its key names; a person's token reads the User API
 * through its integration.
 */
export async function oauthPrincipal(
  ctx: AppContext,
  token: string,
  accepts: readonly PrincipalKind[],
  now: Date,
): Promise<Principal | undefined> {
  const access = await resolveAccessToken(ctx, token, now);
  const { grant, key } = access;
  if (grant.subject_type === 'client') {
    if (!key.client_credentials_role) return undefined;
    return { kind: 'client', id: key.id, teamId: grant.team_id, role: key.client_credentials_role, access };
  }
  if (grant.subject_type === 'person') return accepts.includes('person') ? person(ctx, access, now) : undefined;
  if (!grant.user_id) return undefined;
  const user = await findUser(ctx.db, grant.user_id);
  if (!user || !(await membershipRole(ctx.db, grant.team_id, user.id))) return undefined;
  const { id, email } = user;
  return { kind: 'user', id, email, platformAdmin: false, sessionId: null, teamId: grant.team_id, access };
}

/**
 * A person's token: its integration is active and still grants `sso`, and still shares the
 * person. Checked on every request, so disabling the integration or unsharing the person stops
 * the token at once, and re-enabling revives it (Edlink pauses person tokens the same way).
 */
async function person(ctx: AppContext, access: AccessGrant, now: Date): Promise<Principal> {
  const { person_id: personId, integration_id: integrationId } = access.grant;
  const integration = integrationId ? await findIntegrationRow(ctx.db, integrationId) : undefined;
  if (!personId || !integration) throw new InvalidToken();
  if (statusAt(integration, now) !== 'active') throw new InvalidIntegrationState();
  const viewer = viewerOf(integration);
  requirePermissions(viewer, ['sso']);
  if (!(await personShared(ctx.db, integration, personId))) throw new UnsharedToken();
  return { kind: 'person', id: personId, integration, viewer, access };
}
