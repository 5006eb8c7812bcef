import { Type } from 'typebox';
import { refuseCrossSite } from '../auth/csrf.ts';
import { SESSION_COOKIE } from '../auth/kinds.ts';
import { SignInBlocked } from '../auth/limits.ts';
import { requireTeamRole } from '../auth/policies.ts';
import { memberOf, principalOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NoPermission, NotFound, TooManyRequests, Unauthenticated } from '../lib/errors.ts';
import { presentTeam, presentUser } from './presenters.ts';
import * as schema from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['teams'];

/** Sign-in, teams and users. */
export const teamsRoutes: Feature = (app, ctx) => {
  app.post(
    '/api/v1/sessions',
    {
      config: { principal: 'anyone' },
      onRequest: refuseCrossSite(ctx),
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie.',
        body: schema.SignInBody,
        response: { 200: Enveloped(schema.User) },
      },
    },
    async (request, reply) => {
      const session = await service
        .signIn(ctx.db, request.body.email, request.body.password, request.ip)
        .catch((error: unknown) => {
          if (error instanceof SignInBlocked) throw new TooManyRequests(error.message, error.retryAfterSeconds);
          throw error;
        });
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

  app.delete(
    '/api/v1/sessions/current',
    { config: { principal: ['user'] }, schema: { tags, summary: 'Sign out.' } },
    async (request, reply) => {
      const { sessionId } = principalOf(request, 'user');
      if (sessionId) await store.deleteSession(ctx.db, sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return envelope(request, null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user or API key, and its teams.',
        response: { 200: Enveloped(schema.Me) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      if (member.kind !== 'user')
        return envelope(request, { type: 'api_key', id: member.id, team_id: member.teamId, role: member.role });
      const user = await store.findUser(ctx.db, member.id);
      if (!user) throw new Unauthenticated();
      // A user's OAuth token reaches one team only.
      const teams = (await store.teamsOfUser(ctx.db, member.id))
        .filter((team) => member.teamId === null || team.id === member.teamId)
        .map((team) => ({ id: team.id, name: team.name, kind: team.kind, role: team.role }));
      return envelope(request, { type: 'user', ...presentUser(user), teams });
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Create a user (platform administrators only).',
        body: schema.CreateUserBody,
        response: { 200: Enveloped(schema.User) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      if (member.kind !== 'user' || !member.platformAdmin || member.teamId !== null)
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
      schema: {
        tags,
        summary: 'Create a team; the caller becomes its owner.',
        body: schema.CreateTeamBody,
        response: { 200: Enveloped(schema.Team) },
      },
    },
    async (request) => {
      const team = await service.createTeam(ctx.db, memberOf(request), {
        name: request.body.name,
        kind: request.body.kind ?? 'organization',
      });
      return envelope(request, presentTeam(team));
    },
  );

  app.get(
    '/api/v1/teams',
    {
      schema: { tags, summary: 'Teams the caller belongs to.', response: { 200: Enveloped(Type.Array(schema.Team)) } },
    },
    async (request) => {
      const member = memberOf(request);
      const teams =
        member.kind !== 'user' || member.teamId !== null
          ? [await store.findTeam(ctx.db, member.teamId as string)]
          : await store.teamsOfUser(ctx.db, member.id);
      return envelope(
        request,
        teams.flatMap((team) => (team ? [presentTeam(team)] : [])),
      );
    },
  );

  const read = requireTeamRole(ctx, 'read');
  const own = requireTeamRole(ctx, 'own');

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
};
