import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import type { Feature } from '../feature.ts';
import { AccessDenied, InvalidRequest } from '../lib/oauth-errors.ts';
import type { Authorization } from './authorize.ts';
import { browserErrorHandler } from './authorize.ts';
import { continueInteraction } from './continue.ts';
import { isDemoPerson } from './demo-people.ts';
import { type FederatedSource, finishFederation, matchPerson, startFederation } from './federation.ts';
import { findInteractionByUpstreamState, type Interaction, identify } from './interactions.ts';
import { renderConsent } from './login-routes.ts';
import { personIntegration, signInIntegrations } from './person-sign-in.ts';
import { findSsoSource } from './sign-in-store.ts';

const tags = ['oauth'];
const Field = Type.String({ minLength: 1, maxLength: 1024 });

declare module 'fastify' {
  interface FastifyRequest {
    upstreamInteraction?: string;
  }
}

/** A source the sign-in may federate to: one of the key's usable integrations, with an issuer configured. */
async function federatedSource(
  ctx: AppContext,
  request: FastifyRequest,
  sourceId: string | null,
): Promise<FederatedSource> {
  const { key, request: authorization } = request.authorization as Authorization;
  const usable = await signInIntegrations(ctx, key, authorization?.team_id ?? null);
  const source = usable.some((row) => row.source_id === sourceId && row.source_sso)
    ? await findSsoSource(ctx.db, sourceId as string)
    : undefined;
  if (!source?.sso) throw new InvalidRequest('That organization offers no sign-in for this application.');
  return source as FederatedSource;
}

/** Who the person is, then the same checks and consent for every way a person signs in. */
async function identifyPerson(ctx: AppContext, request: FastifyRequest, personId: string) {
  const { key } = request.authorization as Authorization;
  const interaction = request.interaction as Interaction;
  const { integration_id, team_id } = await personIntegration(ctx, key, personId, interaction.request.team_id);
  return identify(ctx, interaction.id, {
    subject_type: 'person',
    person_id: personId,
    integration_id,
    team_id,
    user_id: null,
  });
}

/**
 * People sign in through their organization's own issuer, or, in demo mode and for the demo
 * district only, by picking who they are.
 */
export const personRoutes: Feature = (app, ctx) => {
  const config = { errorFormat: 'oauth' as const };
  const errorHandler = browserErrorHandler(ctx);

  app.get(
    '/login/oauth2/federate',
    {
      config,
      errorHandler,
      preHandler: continueInteraction(ctx, (request) => (request.query as { interaction?: string }).interaction),
      schema: {
        tags,
        summary: "Sign in through the organization's own OpenID Connect issuer.",
        querystring: Type.Object({ interaction: Field, source: Field }),
      },
    },
    async (request, reply) => {
      const source = await federatedSource(ctx, request, request.query.source);
      return reply.redirect(await startFederation(ctx, request.interaction as Interaction, source), 302);
    },
  );

  app.get(
    '/login/oauth2/callback',
    {
      config,
      errorHandler,
      preHandler: [
        async function findSignIn(request: FastifyRequest) {
          const state = (request.query as { state?: string }).state;
          request.upstreamInteraction = state ? (await findInteractionByUpstreamState(ctx, state))?.id : undefined;
        },
        continueInteraction(ctx, (request) => request.upstreamInteraction),
      ],
      schema: {
        tags,
        summary: "Where an organization's issuer returns the person to.",
        querystring: Type.Object({ state: Type.Optional(Field) }, { additionalProperties: true }),
      },
    },
    async (request, reply) => {
      const source = await federatedSource(ctx, request, (request.interaction as Interaction).upstream_source_id);
      const claims = await finishFederation(
        ctx,
        request.interaction as Interaction,
        source,
        new URL(request.url, ctx.config.publicUrl),
      );
      const identified = await identifyPerson(ctx, request, await matchPerson(ctx, source, claims));
      return renderConsent(ctx, reply, (request.authorization as Authorization).key, identified);
    },
  );

  if (!ctx.config.demo) return;
  app.post(
    '/login/oauth2/demo',
    {
      config,
      errorHandler,
      preHandler: continueInteraction(ctx, (request) => (request.body as { interaction?: string }).interaction),
      schema: {
        tags,
        summary: 'Demo mode only: sign in as a person of the demo district, picked from a list.',
        body: Type.Object({ interaction: Field, person_id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      if (!(await isDemoPerson(ctx, request.body.person_id)))
        throw new AccessDenied(
          'Only people of the demo district can be picked; others sign in with their organization.',
        );
      const identified = await identifyPerson(ctx, request, request.body.person_id);
      return renderConsent(ctx, reply, (request.authorization as Authorization).key, identified);
    },
  );
};
