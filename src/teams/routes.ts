import { Type } from 'typebox';
import type { Feature } from '../app.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NoPermission, NotFound, Unauthenticated } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { authenticate, requireTeamRole, roleIn, SESSION_COOKIE } from './auth.ts';
import { presentTeam, presentUser } from './presenters.ts';
import * as schema from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['teams'];

/** Sign-in, teams, members, users and team API keys. */
export const teamsRoutes: Feature = (app, ctx) => {
  app.post(
    '/api/v1/sessions',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie.',
        body: schema.SignInBody,
        response: { 200: Enveloped(schema.User) },
      },
    },
    async (request, reply) => {
      const session = await service.signIn(ctx.db, request.body.email, request.body.password);
      if (!session) throw new Unauthenticated();
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.publicUrl.startsWith('https:'),
        maxAge: service.SESSION_LIFETIME_MS / 1000,
      });
      const user = await store.findUser(ctx.db, session.userId);
      return envelope(request, presentUser(user as NonNullable<typeof user>));
    },
  );

  const auth = authenticate(ctx);

  app.delete(
    '/api/v1/sessions/current',
    { preHandler: auth, schema: { tags, summary: 'Sign out.' } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await store.deleteSessionByHash(ctx.db, lookupHash(cookie));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return envelope(request, null);
    },
  );

  app.get(
    '/api/v1/me',
    { preHandler: auth, schema: { tags, summary: 'The signed-in user or API key, and its teams.' } },
    async (request) => {
      const caller = request.caller;
      if (caller?.type === 'api_key')
        return envelope(request, { type: 'api_key', id: caller.id, team_id: caller.teamId, role: caller.role });
      const user = await store.findUser(ctx.db, caller?.id as string);
      // A user's OAuth token reaches one team only.
      const bound = caller?.teamId;
      const teams = (await store.teamsOfUser(ctx.db, caller?.id as string))
        .filter((team) => bound === undefined || team.id === bound)
        .map((team) => ({ id: team.id, name: team.name, role: team.role }));
      return envelope(request, { type: 'user', ...presentUser(user as NonNullable<typeof user>), teams });
    },
  );

  app.post(
    '/api/v1/users',
    {
      preHandler: auth,
      schema: {
        tags,
        summary: 'Create a user (platform administrators only).',
        body: schema.CreateUserBody,
        response: { 200: Enveloped(schema.User) },
      },
    },
    async (request) => {
      if (request.caller?.type !== 'user' || !request.caller.platformAdmin || request.caller.teamId)
        throw new NoPermission('Only platform administrators create users.');
      const user = await service.createUser(ctx.db, {
        email: request.body.email,
        password: request.body.password,
        name: request.body.name ?? null,
        platformAdmin: request.body.platform_admin ?? false,
      });
      return envelope(request, presentUser(user));
    },
  );

  app.post(
    '/api/v1/teams',
    {
      preHandler: auth,
      schema: {
        tags,
        summary: 'Create a team; the caller becomes its owner.',
        body: schema.CreateTeamBody,
        response: { 200: Enveloped(schema.Team) },
      },
    },
    async (request) => {
      const team = await service.createTeam(ctx.db, request.caller as NonNullable<typeof request.caller>, {
        name: request.body.name,
        kind: request.body.kind ?? 'organization',
      });
      return envelope(request, presentTeam(team));
    },
  );

  app.get(
    '/api/v1/teams',
    {
      preHandler: auth,
      schema: { tags, summary: 'Teams the caller belongs to.', response: { 200: Enveloped(Type.Array(schema.Team)) } },
    },
    async (request) => {
      const caller = request.caller as NonNullable<typeof request.caller>;
      const teams = caller.teamId
        ? [await store.findTeam(ctx.db, caller.teamId)]
        : await store.teamsOfUser(ctx.db, caller.id);
      return envelope(
        request,
        teams.flatMap((team) => (team ? [presentTeam(team)] : [])),
      );
    },
  );

  const read = [auth, requireTeamRole(ctx, 'read')];
  const administer = [auth, requireTeamRole(ctx, 'administer')];
  const own = [auth, requireTeamRole(ctx, 'own')];

  app.get(
    '/api/v1/teams/:team_id',
    {
      preHandler: read,
      schema: { tags, summary: 'One team.', params: schema.TeamParams, response: { 200: Enveloped(schema.Team) } },
    },
    async (request) => {
      const team = await store.findTeam(ctx.db, request.params.team_id);
      if (!team) throw new NotFound(`Team with id ${request.params.team_id} not found.`);
      return envelope(request, presentTeam(team));
    },
  );

  app.patch(
    '/api/v1/teams/:team_id',
    {
      preHandler: own,
      schema: {
        tags,
        summary: 'Rename a team.',
        params: schema.TeamParams,
        body: schema.UpdateTeamBody,
        response: { 200: Enveloped(schema.Team) },
      },
    },
    async (request) => {
      return envelope(request, presentTeam(await store.renameTeam(ctx.db, request.params.team_id, request.body.name)));
    },
  );

  app.get(
    '/api/v1/teams/:team_id/members',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Members of a team.',
        params: schema.TeamParams,
        response: { 200: Enveloped(Type.Array(schema.Member)) },
      },
    },
    async (request) => {
      return envelope(request, await store.listMembers(ctx.db, request.params.team_id));
    },
  );

  app.put(
    '/api/v1/teams/:team_id/members',
    {
      preHandler: administer,
      schema: {
        tags,
        summary: 'Add a user to a team or change their role.',
        params: schema.TeamParams,
        body: schema.PutMemberBody,
      },
    },
    async (request) => {
      const role = await roleIn(ctx, request.caller as NonNullable<typeof request.caller>, request.params.team_id);
      const membership = await service.addMember(ctx.db, request.params.team_id, role ?? 'viewer', request.body);
      return envelope(request, { user_id: membership.user_id, role: membership.role });
    },
  );

  app.delete(
    '/api/v1/teams/:team_id/members/:user_id',
    {
      preHandler: administer,
      schema: {
        tags,
        summary: 'Remove a member.',
        params: Type.Object({ team_id: schema.Uuid, user_id: schema.Uuid }),
      },
    },
    async (request) => {
      if (!(await store.deleteMembership(ctx.db, request.params.team_id, request.params.user_id)))
        throw new NotFound(`Member with id ${request.params.user_id} not found.`);
      return envelope(request, null);
    },
  );
};
