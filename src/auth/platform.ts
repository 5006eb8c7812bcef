import type { AppContext } from '../context.ts';
import { BadRequest, NoPermission, NotFound } from '../lib/errors.ts';
import { findTeam } from '../teams/store.ts';
import { roleIn } from './policies.ts';
import type { Member } from './principal.ts';
import { type Action, allows } from './roles.ts';

/** Whose connection a request is about: one team's, or the platform's defaults. */
export type ConnectionTarget = { kind: 'team'; teamId: string } | { kind: 'global' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A platform caller acts for the whole installation: a platform administrator signed in (not
 * through an OAuth token bound to one team), or an API key of the platform's own team.
 */
export async function isPlatformCaller(ctx: AppContext, member: Member, action: Action): Promise<boolean> {
  if (member.kind === 'user') return member.platformAdmin && member.teamId === null;
  if (!allows(member.role, action)) return false;
  return (await findTeam(ctx.db, member.teamId))?.kind === 'platform';
}

/**
 * The seed's three-valued scope, never falling back: omitted means the caller's own team (and
 * never the platform's defaults); `global` means the platform's defaults, for platform callers;
 * a team id means that team, for platform callers and the team's own members. Anything else is
 * a 403, whether or not the team exists, so a refusal tells nothing about other teams.
 */
export async function connectionTarget(
  ctx: AppContext,
  member: Member,
  scope: string | undefined,
  action: Action,
): Promise<ConnectionTarget> {
  if (scope === 'global') {
    if (await isPlatformCaller(ctx, member, action)) return { kind: 'global' };
    throw new NoPermission('Only platform callers may use scope=global.');
  }
  const teamId = scope ?? member.teamId;
  if (!teamId) throw new BadRequest('scope: a signed-in user names the team (scope=<team id>) or scope=global.');
  if (!UUID.test(teamId)) throw new BadRequest("scope: omitted, 'global', or a team id.");
  const role = await roleIn(ctx, member, teamId);
  if (role && allows(role, action)) return { kind: 'team', teamId };
  if (!role && (await isPlatformCaller(ctx, member, action))) {
    if (!(await findTeam(ctx.db, teamId))) throw new NotFound(`Team with id ${teamId} not found.`);
    return { kind: 'team', teamId };
  }
  throw new NoPermission(
    role ? `Your role '${role}' in this team does not allow this action.` : 'This scope is not yours to use.',
  );
}
