import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ApplicationParams } from '../applications/schema.ts';
import { findApplication } from '../applications/store.ts';
import { authorizeIntegration, authorizeRecord } from '../auth/policies.ts';
import { actorOf, MEMBERS, memberOf, principalOf } from '../auth/principal.ts';
import type { Action } from '../auth/roles.ts';
import type { Feature } from '../feature.ts';
import { IntegrationParams } from '../integrations/schema.ts';
import { findIntegration } from '../integrations/store.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery, Nullable } from '../lib/schema.ts';
import { enableEndpoint, rotateSigningSecret } from './endpoints.ts';
import { presentDelivery } from './presenters.ts';
import { wake } from './publish.ts';
import { DeliveryParams, RotateSecretBody, WebhookDelivery, WebhookEndpoint } from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['webhooks'];

/** An application's webhook endpoint, its signing secrets and its delivery log, for its developers. */
export const webhooksRoutes: Feature = (app, ctx) => {
  const application = async (request: FastifyRequest, action: Action) => {
    const id = (request.params as { application_id: string }).application_id;
    const notFound = () => new NotFound(`Application with id ${id} not found.`);
    return authorizeRecord(ctx, memberOf(request), await findApplication(ctx.db, id), action, notFound);
  };

  app.get(
    '/api/v1/applications/:application_id/webhooks',
    {
      schema: {
        tags,
        summary: "The application's webhook endpoint with the secrets that sign its messages now.",
        params: ApplicationParams,
        response: { 200: Enveloped(WebhookEndpoint) },
      },
    },
    async (request) => {
      const found = await application(request, 'develop');
      return envelope(request, await service.endpointView(ctx, found.id));
    },
  );

  app.post(
    '/api/v1/applications/:application_id/webhooks/secret',
    {
      schema: {
        tags,
        summary: 'Replace the signing secret; the old one keeps signing beside it for `overlap_seconds`.',
        params: ApplicationParams,
        body: RotateSecretBody,
        response: { 200: Enveloped(WebhookEndpoint) },
      },
      preValidation: async function emptyBodyIsDefault(request) {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request) => {
      const found = await application(request, 'develop');
      const overlap = request.body.overlap_seconds ?? 86_400;
      const endpoint = await rotateSigningSecret(ctx, actorOf(memberOf(request)), found, overlap);
      return envelope(request, await service.endpointView(ctx, found.id, endpoint));
    },
  );

  app.post(
    '/api/v1/applications/:application_id/webhooks/enable',
    {
      schema: {
        tags,
        summary: 'Switch a disabled endpoint back on; what waited is sent.',
        params: ApplicationParams,
        response: { 200: Enveloped(WebhookEndpoint) },
      },
    },
    async (request) => {
      const found = await application(request, 'develop');
      const endpoint = await enableEndpoint(ctx, actorOf(memberOf(request)), found);
      await wake(ctx);
      return envelope(request, await service.endpointView(ctx, found.id, endpoint));
    },
  );

  app.get(
    '/api/v1/applications/:application_id/webhook-deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log: every message with its state, attempts, latency and answer.',
        params: ApplicationParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(WebhookDelivery)) },
      },
    },
    async (request) => {
      const found = await application(request, 'read');
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows = await store.listDeliveries(ctx.db, found.id, paging);
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, presentDelivery);
    },
  );

  app.get(
    '/api/v1/integrations/:integration_id/activation',
    {
      config: { principal: ['application', ...MEMBERS] },
      schema: {
        tags,
        summary: "The activation message to the application's endpoint: its delivery state; null when none was sent.",
        params: IntegrationParams,
        response: { 200: Enveloped(Nullable(WebhookDelivery)) },
      },
    },
    async (request) => {
      const principal = principalOf(request, 'application', ...MEMBERS);
      const { integration_id: id } = request.params;
      await authorizeIntegration(ctx, principal, await findIntegration(ctx.db, id), 'read', id);
      const delivery = await store.latestDelivery(ctx.db, id, 'integration.activated');
      return envelope(request, delivery ? presentDelivery(delivery) : null);
    },
  );

  app.post(
    '/api/v1/webhook-deliveries/:delivery_id/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a message again, from the start of the retry schedule.',
        params: DeliveryParams,
        response: { 200: Enveloped(WebhookDelivery) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const id = request.params.delivery_id;
      const notFound = () => new NotFound(`Webhook delivery with id ${id} not found.`);
      const delivery = await authorizeRecord(ctx, member, await store.findDelivery(ctx.db, id), 'develop', notFound);
      return envelope(request, await service.redeliver(ctx, actorOf(member), delivery));
    },
  );
};
