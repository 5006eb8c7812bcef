import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { bearerToken } from '../lib/bearer.ts';
import { type ApiError, NoPermission, NotFound, Unauthenticated } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { ACCESS_TOKEN_PREFIX } from '../oauth/access.ts';
import { oauthCaller } from '../oauth/callers.ts';
import { type Action, allows } from './policy.ts';
import { findApiKeyByHash, findSessionUser, membershipRole } from './store.ts';
import type { Role } from './tables.ts';

export type { Action };

/** Who is calling the management API. */
export type Caller =
  | {
      type: 'user';
      id: string;
      email: string;
      platformAdmin: boolean;
      sessionId: string | null;
      /** Set for an OAuth access token: the one team it reaches. */
      teamId?: string;
    }
  | { type: 'api_key'; id: string; teamId: string; role: Role };

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

export const SESSION_COOKIE = 'gatehouse_session';
export const API_KEY_PREFIX = 'gh_key';

export async function resolveCaller(ctx: AppContext, request: FastifyRequest): Promise<Caller | undefined> {
  const token = bearerToken(request);
  if (token?.startsWith(`${ACCESS_TOKEN_PREFIX}_`)) return oauthCaller(ctx, request);
  if (token?.startsWith(`${API_KEY_PREFIX}_`)) {
    const key = await findApiKeyByHash(ctx.db, lookupHash(token));
    if (!key) return undefined;
    return { type: 'api_key', id: key.id, teamId: key.team_id, role: key.role };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!token && cookie) {
    const user = await findSessionUser(ctx.db, lookupHash(cookie), new Date());
    if (!user) return undefined;
    return {
      type: 'user',
      id: user.id,
      email: user.email,
      platformAdmin: user.platform_admin,
      sessionId: user.session_id,
    };
  }
  return undefined;
}

/** preHandler: the request must carry a session cookie or a team API key. */
export function authenticate(ctx: AppContext) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    request.caller = await resolveCaller(ctx, request);
    if (!request.caller) throw new Unauthenticated();
  };
}

/** The caller's role in a team; platform administrators act as owners everywhere. */
export async function roleIn(ctx: AppContext, caller: Caller, teamId: string): Promise<Role | undefined> {
  if (caller.type === 'api_key') return caller.teamId === teamId ? caller.role : undefined;
  if (caller.teamId !== undefined && caller.teamId !== teamId) return undefined;
  if (caller.platformAdmin) return 'owner';
  return membershipRole(ctx.db, teamId, caller.id);
}

/**
 * Checks the caller may do `action` in the team owning a record. A record of a team the caller
 * does not belong to answers `notFound`, exactly like a record that does not exist; membership
 * without the needed role answers 403. Returns the caller's role.
 */
export async function authorizeTeam(
  ctx: AppContext,
  caller: Caller,
  teamId: string | undefined,
  action: Action,
  notFound: () => ApiError,
): Promise<Role> {
  const role = teamId ? await roleIn(ctx, caller, teamId) : undefined;
  if (!role) throw notFound();
  if (!allows(role, action)) throw new NoPermission(`Your role '${role}' in this team does not allow this action.`);
  return role;
}

/** A team-owned record the caller may act on, or the same 404 whether it is missing or foreign. */
export async function authorizeRecord<T extends { team_id: string }>(
  ctx: AppContext,
  caller: Caller | undefined,
  record: T | undefined,
  action: Action,
  notFound: () => ApiError,
): Promise<T> {
  if (!caller) throw new Unauthenticated();
  await authorizeTeam(ctx, caller, record?.team_id, action, notFound);
  return record as T;
}

/** preHandler for `/api/v1/teams/:team_id/...`. */
export function requireTeamRole(ctx: AppContext, action: Action) {
  return async function requireTeamRole(request: FastifyRequest): Promise<void> {
    const caller = request.caller;
    if (!caller) throw new Unauthenticated();
    const teamId = (request.params as { team_id: string }).team_id;
    await authorizeTeam(ctx, caller, teamId, action, () => new NotFound(`Team with id ${teamId} not found.`));
  };
}

/** The audit-log actor of a request. */
export function actorOf(caller: Caller): { type: string; id: string } {
  return { type: caller.type, id: caller.id };
}
