import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SignInBlocked } from '../auth/limits.ts';
import { checkPassword } from '../auth/passwords.ts';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import type { Feature } from '../feature.ts';
import { AccessDenied, InvalidRequest, UnauthorizedClient } from '../lib/oauth-errors.ts';
import { findUser } from '../teams/store.ts';
import { type Authorization, browserErrorHandler } from './authorize.ts';
import { issueCode } from './codes.ts';
import { appHeader, continueInteraction, renderLogin } from './continue.ts';
import { finishInteraction, type Interaction, identify } from './interactions.ts';
import { sendPage } from './pages/layout.ts';
import { consentPage } from './pages/sign-in.ts';
import { recheckPerson } from './person-sign-in.ts';
import { findPerson } from './sign-in-store.ts';
import { userTeams } from './signin.ts';

const tags = ['oauth'];
const Field = Type.String({ minLength: 1, maxLength: 1024 });
const LoginBody = Type.Object({ interaction: Field, email: Field, password: Field }, { additionalProperties: false });
const AcceptBody = Type.Object(
  {
    interaction: Field,
    decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
    team_id: Type.Optional(Field),
  },
  { additionalProperties: false },
);

const keyOf = (request: FastifyRequest) => (request.authorization as Authorization).key;

/** Who signed in, as the consent page names them. */
async function describeSubject(ctx: AppContext, interaction: Interaction): Promise<string> {
  if (interaction.user_id) return (await findUser(ctx.db, interaction.user_id))?.email ?? '';
  const person = await findPerson(ctx.db, interaction.person_id as string);
  return person?.display_name ?? [person?.first_name, person?.last_name].filter(Boolean).join(' ');
}

/** Shows the consent page for an identified sign-in. */
export async function renderConsent(ctx: AppContext, reply: FastifyReply, key: KeyView, interaction: Interaction) {
  const teams = interaction.user_id ? await userTeams(ctx, key, interaction.user_id, interaction.request.team_id) : [];
  const app = await appHeader(ctx, key);
  const page = consentPage({
    interaction: interaction.id,
    app,
    who: await describeSubject(ctx, interaction),
    scopes: interaction.request.scopes,
    teams,
  });
  return sendPage(reply, `Allow ${app.name}`, page);
}

/** Sign-in by Gatehouse account and the consent that ends every sign-in with a code. */
export const loginRoutes: Feature = (app, ctx) => {
  const config = { errorFormat: 'oauth' as const };
  const errorHandler = browserErrorHandler(ctx);

  app.post(
    '/login/oauth2/login',
    {
      config,
      errorHandler,
      preHandler: continueInteraction(ctx, (request) => (request.body as { interaction?: string }).interaction),
      schema: { tags, summary: 'Sign in with a Gatehouse account (email and password).', body: LoginBody },
    },
    async function signInUser(request, reply) {
      const key = keyOf(request);
      const interaction = request.interaction as Interaction;
      const user = await checkPassword(ctx.db, request.body.email, request.body.password, request.ip).catch(
        (error: unknown) => {
          if (!(error instanceof SignInBlocked)) throw error;
          reply.header('Retry-After', String(error.retryAfterSeconds));
          return error;
        },
      );
      if (user instanceof SignInBlocked) return renderLogin(ctx, reply, key, interaction, user.message, 429);
      if (!user) return renderLogin(ctx, reply, key, interaction, 'The email or password is not right.');
      if ((await userTeams(ctx, key, user.id, interaction.request.team_id)).length === 0) {
        throw new UnauthorizedClient('Client does not have access to any team of this user.');
      }
      const identified = await identify(ctx, interaction.id, {
        subject_type: 'user',
        user_id: user.id,
        team_id: null,
        person_id: null,
        integration_id: null,
      });
      return renderConsent(ctx, reply, key, identified);
    },
  );

  app.post(
    '/login/oauth2/accept',
    {
      config,
      errorHandler,
      preHandler: continueInteraction(ctx, (request) => (request.body as { interaction?: string }).interaction),
      schema: {
        tags,
        summary: 'Allow or deny the application; allowing returns to it with an authorization code.',
        body: AcceptBody,
      },
    },
    async function decide(request, reply) {
      const key = keyOf(request);
      const interaction = request.interaction as Interaction;
      if (!interaction.auth_time)
        throw new InvalidRequest('Nobody has signed in yet; start signing in again from the application.');
      await finishInteraction(ctx, reply, interaction.id);
      if (request.body.decision === 'deny') throw new AccessDenied('The user denied the request.');
      const where = interaction.user_id
        ? { team_id: await chosenTeam(ctx, key, interaction, request.body.team_id), integration_id: null }
        : await recheckPerson(ctx, key, interaction);
      const subject = {
        ...where,
        subject_type: interaction.subject_type as 'user' | 'person',
        user_id: interaction.user_id,
        person_id: interaction.person_id,
        auth_time: interaction.auth_time,
      };
      return reply.redirect(await issueCode(ctx, interaction, subject), 302);
    },
  );
};

/** The team a user chose, which must still be one the key works in for them. */
async function chosenTeam(
  ctx: AppContext,
  key: KeyView,
  interaction: Interaction,
  teamId: string | undefined,
): Promise<string> {
  const teams = await userTeams(ctx, key, interaction.user_id as string, interaction.request.team_id);
  const team = teams.find((candidate) => candidate.id === teamId) ?? (teams.length === 1 ? teams[0] : undefined);
  if (!team) throw new UnauthorizedClient('Client does not have access to the chosen team.');
  return team.id;
}
