import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizeTeam, requireTeamRole } from '../auth/policies.ts';
import { actorOf, memberOf, principalOf } from '../auth/principal.ts';
import type { Action } from '../auth/roles.ts';
import type { AppContext } from '../context.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NoPermission, NotFound } from '../lib/errors.ts';
import { TeamParams } from '../teams/schema.ts';
import { presentInvitation } from './presenters.ts';
import * as schema from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['members'];

/** The caller as a changer of the team's memberships: audited actor and role there. */
async function changer(ctx: AppContext, request: FastifyRequest, teamId: string, action: Action) {
  const member = memberOf(request);
  const role = await authorizeTeam(
    ctx,
    member,
    teamId,
    action,
    () => new NotFound(`Team with id ${teamId} not found.`),
  );
  return { actor: actorOf(member), role };
}

/** A user acting for themselves: by session, not through a token bound to one team. */
function invitee(request: FastifyRequest) {
  const user = principalOf(request, 'user');
  if (user.teamId !== null) throw new NoPermission('Invitations are answered when signed in, not with a team token.');
  return user;
}

/** Members of a team and the invitations that bring people in. */
export const membersRoutes: Feature = (app, ctx) => {
  const read = requireTeamRole(ctx, 'read');
  const administer = requireTeamRole(ctx, 'administer');

  app.get(
    '/api/v1/teams/:team_id/members',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Members of a team.',
        params: TeamParams,
        response: { 200: Enveloped(Type.Array(schema.Member)) },
      },
    },
    async (request) => envelope(request, await store.listMembers(ctx.db, request.params.team_id)),
  );

  app.patch(
    '/api/v1/teams/:team_id/members/:user_id',
    {
      schema: {
        tags,
        summary: "Change a member's role; only owners make or unmake owners, and the last owner stays.",
        params: schema.MemberParams,
        body: schema.ChangeRoleBody,
      },
    },
    async (request) => {
      const { team_id: teamId, user_id: userId } = request.params;
      const by = await changer(ctx, request, teamId, 'administer');
      const membership = await service.changeRole(ctx.db, by, teamId, userId, request.body.role);
      return envelope(request, { user_id: membership.user_id, role: membership.role });
    },
  );

  app.delete(
    '/api/v1/teams/:team_id/members/:user_id',
    {
      schema: {
        tags,
        summary: 'Remove a member, or leave the team; the last owner stays.',
        params: schema.MemberParams,
      },
    },
    async (request) => {
      const { team_id: teamId, user_id: userId } = request.params;
      const member = memberOf(request);
      const leaving = member.kind === 'user' && member.id === userId;
      await service.removeMember(
        ctx.db,
        await changer(ctx, request, teamId, leaving ? 'read' : 'administer'),
        teamId,
        userId,
      );
      return envelope(request, null);
    },
  );

  app.post(
    '/api/v1/teams/:team_id/invitations',
    {
      schema: {
        tags,
        summary:
          'Invite whoever holds an email; they join when they accept. ' +
          'The answer never tells whether the email has an account.',
        params: TeamParams,
        body: schema.InviteBody,
        response: { 201: Enveloped(schema.Invitation) },
      },
    },
    async (request, reply) => {
      const by = await changer(ctx, request, request.params.team_id, 'administer');
      const invitation = await service.invite(ctx.db, by, request.params.team_id, request.body);
      reply.status(201);
      return envelope(request, presentInvitation(invitation));
    },
  );

  app.get(
    '/api/v1/teams/:team_id/invitations',
    {
      preHandler: administer,
      schema: {
        tags,
        summary: "The team's open invitations.",
        params: TeamParams,
        response: { 200: Enveloped(Type.Array(schema.Invitation)) },
      },
    },
    async (request) =>
      envelope(
        request,
        (await store.listTeamInvitations(ctx.db, request.params.team_id, new Date())).map(presentInvitation),
      ),
  );

  app.delete(
    '/api/v1/teams/:team_id/invitations/:invitation_id',
    {
      preHandler: administer,
      schema: { tags, summary: 'Withdraw an invitation.', params: schema.TeamInvitationParams },
    },
    async (request) => {
      const { team_id: teamId, invitation_id: id } = request.params;
      await service.revokeInvitation(ctx.db, actorOf(memberOf(request)), teamId, id);
      return envelope(request, null);
    },
  );

  app.get(
    '/api/v1/invitations',
    {
      config: { principal: ['user'] },
      schema: {
        tags,
        summary: 'Invitations addressed to the signed-in user.',
        response: { 200: Enveloped(Type.Array(schema.Invitation)) },
      },
    },
    async (request) =>
      envelope(
        request,
        (await store.invitationsFor(ctx.db, invitee(request).email, new Date())).map(presentInvitation),
      ),
  );

  app.post(
    '/api/v1/invitations/:invitation_id/accept',
    {
      config: { principal: ['user'] },
      schema: { tags, summary: 'Accept an invitation: join its team with its role.', params: schema.InvitationParams },
    },
    async (request) => {
      const membership = await service.acceptInvitation(
        ctx.db,
        invitee(request),
        request.params.invitation_id,
        new Date(),
      );
      return envelope(request, { team_id: membership.team_id, user_id: membership.user_id, role: membership.role });
    },
  );

  app.delete(
    '/api/v1/invitations/:invitation_id',
    {
      config: { principal: ['user'] },
      schema: { tags, summary: 'Decline an invitation.', params: schema.InvitationParams },
    },
    async (request) => {
      await service.declineInvitation(ctx.db, invitee(request), request.params.invitation_id, new Date());
      return envelope(request, null);
    },
  );
};
