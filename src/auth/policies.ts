import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { type ApiError, NoPermission, NotFound } from '../lib/errors.ts';
import { membershipRole } from '../teams/store.ts';
import type { Role } from '../teams/tables.ts';
import { type Member, memberOf, type PrincipalOf } from './principal.ts';
import { type Action, allows } from './roles.ts';

/** The member's role in a team; platform administrators act as owners everywhere. */
export async function roleIn(ctx: AppContext, member: Member, teamId: string): Promise<Role | undefined> {
  if (member.kind !== 'user') return member.teamId === teamId ? member.role : undefined;
  if (member.teamId !== null && member.teamId !== teamId) return undefined;
  if (member.platformAdmin) return 'owner';
  return membershipRole(ctx.db, teamId, member.id);
}

/**
 * Checks the member may do `action` in a team. A team the member does not belong to answers
 * `notFound`, exactly like a record that does not exist; membership without the needed role
 * answers 403. Returns the member's role.
 */
export async function authorizeTeam(
  ctx: AppContext,
  member: Member,
  teamId: string | undefined,
  action: Action,
  notFound: () => ApiError,
): Promise<Role> {
  const role = teamId ? await roleIn(ctx, member, teamId) : undefined;
  if (!role) throw notFound();
  if (!allows(role, action)) throw new NoPermission(`Your role '${role}' in this team does not allow this action.`);
  return role;
}

/** A team-owned record the member may act on, or the same 404 whether it is missing or foreign. */
export async function authorizeRecord<T extends { team_id: string }>(
  ctx: AppContext,
  member: Member,
  record: T | undefined,
  action: Action,
  notFound: () => ApiError,
): Promise<T> {
  await authorizeTeam(ctx, member, record?.team_id, action, notFound);
  return record as T;
}

/**
 * An integration, for its application (only that application's integrations, only where the
 * route accepts applications) or for a member of the organization that granted it. Anything
 * else answers the same 404 as a missing integration.
 */
export async function authorizeIntegration<T extends { id: string; team_id: string; application_id: string }>(
  ctx: AppContext,
  principal: Member | PrincipalOf<'application'>,
  integration: T | undefined,
  action: Action,
  id: string,
): Promise<T> {
  const notFound = () => new NotFound(`Integration with id ${id} not found.`);
  if (principal.kind !== 'application') return authorizeRecord(ctx, principal, integration, action, notFound);
  if (!integration || integration.application_id !== principal.id) throw notFound();
  return integration;
}

/** A step of routes under `/api/v1/teams/:team_id`: the member's role there allows `action`. */
export function requireTeamRole(ctx: AppContext, action: Action) {
  return async function requireTeamRole(request: FastifyRequest): Promise<void> {
    const teamId = (request.params as { team_id: string }).team_id;
    await authorizeTeam(
      ctx,
      memberOf(request),
      teamId,
      action,
      () => new NotFound(`Team with id ${teamId} not found.`),
    );
  };
}
