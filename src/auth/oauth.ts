import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { personShared } from '../graph/store/records.ts';
import { requirePermissions, type Viewer, viewerOf } from '../graph/viewer.ts';
import { inService } from '../integrations/status.ts';
import { findIntegrationRow } from '../integrations/store.ts';
import { ApiError, InvalidIntegrationState, InvalidToken, UnsharedToken } from '../lib/errors.ts';
import { InvalidGrant, UnauthorizedClient } from '../lib/oauth-errors.ts';
import type { GrantRow } from '../oauth/store.ts';
import { findLiveApiKey, findUser, membershipRole } from '../teams/store.ts';
import type { Role } from '../teams/tables.ts';
import { resolveAccessToken } from './access.ts';
import { keyEnabledIn } from './bindings.ts';
import { roleIn } from './policies.ts';
import { type Member, type Principal, type PrincipalKind, type PrincipalOf, userPrincipal } from './principal.ts';
import { lower } from './roles.ts';

/** Who a grant is for: what a code carries, and what its grant keeps. */
export type GrantSubject = Pick<GrantRow, 'team_id' | 'subject_type' | 'user_id' | 'person_id' | 'integration_id'>;

/** What a grant's subject still has, now: the user and the role, the client's role, the person's integration. */
type Standing =
  | { kind: 'user'; id: string; email: string }
  | { kind: 'client'; role: Role }
  | { kind: 'person'; id: string; integration: PrincipalOf<'person'>['integration']; viewer: Viewer };

/**
 * Whether a grant's subject may still act: a user is still a member of the team, a client key
 * still names a role, a person's integration is active, still grants `sso` and still shares
 * the person. The same checks run on every use of a token and whenever tokens are issued.
 * Answers undefined when the subject is gone; throws the API's error when it is paused.
 */
async function standing(
  ctx: AppContext,
  subject: GrantSubject,
  key: KeyView,
  now: Date,
): Promise<Standing | undefined> {
  if (subject.subject_type === 'client') {
    const role = await clientRole(ctx, key, subject.team_id);
    return role ? { kind: 'client', role } : undefined;
  }
  if (subject.subject_type === 'person') return person(ctx, subject, now);
  if (!subject.user_id) return undefined;
  const user = await findUser(ctx.db, subject.user_id);
  if (!user || !(await membershipRole(ctx.db, subject.team_id, user.id))) return undefined;
  return { kind: 'user', id: user.id, email: user.email };
}

/**
 * The role a client-credentials token acts with: the key's, but never above the current role of
 * the member who set it, so demoting or removing that member (or revoking its API key) lowers or
 * ends the key's tokens too. A role set by no known member acts with none.
 */
async function clientRole(ctx: AppContext, key: KeyView, teamId: string): Promise<Role | undefined> {
  const { client_credentials_role: role, client_credentials_set_by_type: type, client_credentials_set_by_id: id } = key;
  if (!role || !id) return undefined;
  const setter = type === 'api_key' ? await apiKeySetter(ctx, id) : await userSetter(ctx, id);
  const current = setter && (await roleIn(ctx, setter, teamId));
  return current && lower(role, current);
}

async function apiKeySetter(ctx: AppContext, id: string): Promise<Member | undefined> {
  const apiKey = await findLiveApiKey(ctx.db, 'id', id);
  return apiKey && { kind: 'api_key', id: apiKey.id, teamId: apiKey.team_id, role: apiKey.role };
}

async function userSetter(ctx: AppContext, id: string): Promise<Member | undefined> {
  const user = await findUser(ctx.db, id);
  return user && userPrincipal(user);
}

/**
 * A person's standing, checked on every request, so disabling the integration or unsharing the
 * person stops the token at once, and re-enabling revives it (Edlink pauses person tokens the
 * same way).
 */
async function person(ctx: AppContext, subject: GrantSubject, now: Date): Promise<Standing> {
  const { person_id: personId, integration_id: integrationId } = subject;
  const row = integrationId ? await findIntegrationRow(ctx.db, integrationId) : undefined;
  if (!personId || !row) throw new InvalidToken();
  const integration = inService(row, now);
  if (!integration) throw new InvalidIntegrationState();
  const viewer = viewerOf(integration);
  requirePermissions(viewer, ['sso']);
  if (!(await personShared(ctx.db, integration, personId))) throw new UnsharedToken();
  return { kind: 'person', id: personId, integration, viewer };
}

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
  if (grant.subject_type === 'person' && !accepts.includes('person')) return undefined;
  const found = await standing(ctx, grant, key, now);
  if (found?.kind === 'client') return { kind: 'client', id: key.id, teamId: grant.team_id, role: found.role, access };
  if (found?.kind === 'person') return { ...found, access };
  if (!found) return undefined;
  const { id, email } = found;
  return { kind: 'user', id, email, platformAdmin: false, sessionId: null, teamId: grant.team_id, access };
}

/**
 * At the token endpoint, every grant type checks what each use of the tokens will check: the
 * key is on in the grant's team, and the subject still stands. Tokens that could not be used
 * are never issued.
 */
export async function checkGrantAtIssue(ctx: AppContext, subject: GrantSubject, key: KeyView, now = new Date()) {
  if (!(await keyEnabledIn(ctx.db, key, subject.team_id)))
    throw new UnauthorizedClient('Client does not have access to the specified team.');
  const found = await standing(ctx, subject, key, now).catch((error: unknown) => {
    if (error instanceof ApiError) throw new InvalidGrant(`${error.code}: ${error.message}`);
    throw error;
  });
  if (!found) throw new InvalidGrant('The sign-in no longer stands: its user or client may not act in the team.');
}
