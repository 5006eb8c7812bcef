import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Caller } from '../teams/auth.ts';
import { findUser, membershipRole } from '../teams/store.ts';
import { accessGrantOf } from './access.ts';

/**
 * The management-API caller an OAuth access token stands for. A user's token reaches only the
 * team it was issued for, with the user's current role there (never platform-wide powers); a
 * client-credentials token acts like a team API key with the role its key names. Person tokens
 * are for the User API and are not callers here.
 */
export async function oauthCaller(ctx: AppContext, request: FastifyRequest): Promise<Caller | undefined> {
  const access = await accessGrantOf(ctx, request);
  if (!access) return undefined;
  const { grant, key } = access;
  if (grant.subject_type === 'client') {
    if (!key.client_credentials_role) return undefined;
    return { type: 'api_key', id: key.id, teamId: grant.team_id, role: key.client_credentials_role };
  }
  if (grant.subject_type !== 'user' || !grant.user_id) return undefined;
  const user = await findUser(ctx.db, grant.user_id);
  if (!user || !(await membershipRole(ctx.db, grant.team_id, user.id))) return undefined;
  return { type: 'user', id: user.id, email: user.email, platformAdmin: false, sessionId: null, teamId: grant.team_id };
}
