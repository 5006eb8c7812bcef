import { Type } from 'typebox';
import type { Feature } from '../app.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NoPermission, NotFound, Unauthenticated } from '../lib/errors.ts';
import { lookupHash } from '../lib/tokens.ts';
import { authenticate, requireTeamRole, roleIn, SESSION_COOKIE } from './auth.ts';
import { presentApiKey, presentTeam, presentUser } from './presenters.ts';
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

  app.delete('/api/v1/sessions/current', { preHandler: auth, schema: { tags, summary: 'Sign out.' } }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await ctx.db.deleteFrom('user_sessions').where('token_hash', '=', lookupHash(cookie)).execute();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return envelope(request, null);
  });

  app.get('/api/v1/me', { preHandler: auth, schema: { tags, summary: 'The signed-in user or API key, and its teams.' } }, async (request) => {
    const caller = request.caller;
    if (caller?.type === 'api_key') return envelope(request, { type: 'api_key', id: caller.id, team_id: caller.teamId, role: caller.role });
    const user = await store.findUser(ctx.db, caller?.id as string);
    const teams = await ctx.db
      .selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.team_id')
      .select(['teams.id', 'teams.name', 'memberships.role'])
      .where('memberships.user_id', '=', caller?.id as string)
      .execute();
    return envelope(request, { type: 'user', ...presentUser(user as NonNullable<typeof user>), teams });
  });

  app.post(
    '/api/v1/users',
    {
      preHandler: auth,
      schema: { tags, summary: 'Create a user (platform administrators only).', body: schema.CreateUserBody, response: { 200: Enveloped(schema.User) } },
    },
    async (request) => {
      if (request.caller?.type !== 'user' || !request.caller.platformAdmin) throw new NoPermission('Only platform administrators create users.');
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
      schema: { tags, summary: 'Create a team; the caller becomes its owner.', body: schema.CreateTeamBody, response: { 200: Enveloped(schema.Team) } },
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
    { preHandler: auth, schema: { tags, summary: 'Teams the caller belongs to.', response: { 200: Enveloped(Type.Array(schema.Team)) } } },
    async (request) => {
      const caller = request.caller as NonNullable<typeof request.caller>;
      const query = ctx.db.selectFrom('teams').selectAll('teams').orderBy('teams.id');
      const teams =
        caller.type === 'api_key'
          ? await query.where('teams.id', '=', caller.teamId).execute()
          : await query.innerJoin('memberships', 'memberships.team_id', 'teams.id').where('memberships.user_id', '=', caller.id).execute();
      return envelope(request, teams.map(presentTeam));
    },
  );

  const read = [auth, requireTeamRole(ctx, 'read')];
  const administer = [auth, requireTeamRole(ctx, 'administer')];
  const own = [auth, requireTeamRole(ctx, 'own')];

  app.get(
    '/api/v1/teams/:team_id',
    { preHandler: read, schema: { tags, summary: 'One team.', params: schema.TeamParams, response: { 200: Enveloped(schema.Team) } } },
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
      schema: { tags, summary: 'Rename a team.', params: schema.TeamParams, body: schema.UpdateTeamBody, response: { 200: Enveloped(schema.Team) } },
    },
    async (request) => {
      const team = await ctx.db
        .updateTable('teams')
        .set({ name: request.body.name, updated_date: new Date() })
        .where('id', '=', request.params.team_id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return envelope(request, presentTeam(team));
    },
  );

  app.get(
    '/api/v1/teams/:team_id/members',
    { preHandler: read, schema: { tags, summary: 'Members of a team.', params: schema.TeamParams, response: { 200: Enveloped(Type.Array(schema.Member)) } } },
    async (request) => {
      const members = await ctx.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id as user_id', 'users.email', 'users.name', 'memberships.role'])
        .where('memberships.team_id', '=', request.params.team_id)
        .orderBy('users.email')
        .execute();
      return envelope(request, members);
    },
  );

  app.put(
    '/api/v1/teams/:team_id/members',
    { preHandler: administer, schema: { tags, summary: 'Add a user to a team or change their role.', params: schema.TeamParams, body: schema.PutMemberBody } },
    async (request) => {
      const role = await roleIn(ctx, request.caller as NonNullable<typeof request.caller>, request.params.team_id);
      const membership = await service.addMember(ctx.db, request.params.team_id, role ?? 'viewer', request.body);
      return envelope(request, { user_id: membership.user_id, role: membership.role });
    },
  );

  app.delete(
    '/api/v1/teams/:team_id/members/:user_id',
    { preHandler: administer, schema: { tags, summary: 'Remove a member.', params: Type.Object({ team_id: schema.Uuid, user_id: schema.Uuid }) } },
    async (request) => {
      const result = await ctx.db
        .deleteFrom('memberships')
        .where('team_id', '=', request.params.team_id)
        .where('user_id', '=', request.params.user_id)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFound(`Member with id ${request.params.user_id} not found.`);
      return envelope(request, null);
    },
  );

  app.get(
    '/api/v1/teams/:team_id/api-keys',
    {
      preHandler: own,
      schema: {
        tags,
        summary: 'Team API keys (without the keys themselves).',
        params: schema.TeamParams,
        response: { 200: Enveloped(Type.Array(schema.ApiKey)) },
      },
    },
    async (request) => {
      const keys = await ctx.db
        .selectFrom('api_keys')
        .selectAll()
        .where('team_id', '=', request.params.team_id)
        .where('revoked_date', 'is', null)
        .orderBy('created_date')
        .execute();
      return envelope(
        request,
        keys.map((key) => presentApiKey(key)),
      );
    },
  );

  app.post(
    '/api/v1/teams/:team_id/api-keys',
    {
      preHandler: own,
      schema: {
        tags,
        summary: 'Create a team API key; the key is shown once.',
        params: schema.TeamParams,
        body: schema.CreateApiKeyBody,
        response: { 200: Enveloped(schema.ApiKey) },
      },
    },
    async (request) => {
      const role = await roleIn(ctx, request.caller as NonNullable<typeof request.caller>, request.params.team_id);
      const { key, token } = await service.createApiKey(ctx.db, request.params.team_id, role ?? 'viewer', request.body);
      return envelope(request, presentApiKey(key, token));
    },
  );

  app.delete(
    '/api/v1/teams/:team_id/api-keys/:key_id',
    { preHandler: own, schema: { tags, summary: 'Revoke a team API key.', params: Type.Object({ team_id: schema.Uuid, key_id: schema.Uuid }) } },
    async (request) => {
      const result = await ctx.db
        .updateTable('api_keys')
        .set({ revoked_date: new Date() })
        .where('team_id', '=', request.params.team_id)
        .where('id', '=', request.params.key_id)
        .where('revoked_date', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFound(`API key with id ${request.params.key_id} not found.`);
      return envelope(request, null);
    },
  );
};
