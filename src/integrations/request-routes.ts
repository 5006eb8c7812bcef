import { ApplicationParams } from '../applications/schema.ts';
import { findApplication } from '../applications/store.ts';
import { authorizeIntegration, authorizeRecord } from '../auth/policies.ts';
import { actorOf, memberOf, principalOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { exchangeVerifier } from './activation.ts';
import * as requests from './requests.ts';
import {
  ApproveBody,
  ApprovedIntegration,
  ExchangeVerifierBody,
  Integration,
  IntegrationParams,
  RequestIntegrationBody,
} from './schema.ts';
import * as store from './store.ts';

const tags = ['integrations'];

/**
 * A developer team asks an organization for an integration; the organization's administrators
 * approve what they choose of it, or decline.
 */
export const integrationRequestRoutes: Feature = (app, ctx) => {
  const find = async (id: string) => store.findIntegration(ctx.db, id);

  app.post(
    '/api/v1/applications/:application_id/requests',
    {
      schema: {
        tags,
        summary: 'Ask an organization for an integration of the application; it answers with status `requested`.',
        params: ApplicationParams,
        body: RequestIntegrationBody,
        response: { 200: Enveloped(Integration) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const id = request.params.application_id;
      const notFound = () => new NotFound(`Application with id ${id} not found.`);
      const application = await authorizeRecord(ctx, member, await findApplication(ctx.db, id), 'develop', notFound);
      const team = request.body.team_id.toLowerCase();
      return envelope(request, await requests.requestIntegration(ctx, actorOf(member), application, team));
    },
  );

  app.post(
    '/api/v1/integrations/:integration_id/approve',
    {
      schema: {
        tags,
        summary: 'Grant what the organization chooses of the pending permissions, with its sharing.',
        params: IntegrationParams,
        body: ApproveBody,
        response: { 200: Enveloped(ApprovedIntegration) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, member, await find(id), 'administer', id);
      return envelope(request, await requests.approveIntegration(ctx, actorOf(member), row, request.body));
    },
  );

  app.post(
    '/api/v1/integrations/:integration_id/activation',
    {
      config: { principal: ['application'] },
      schema: {
        tags,
        summary:
          "Trade the one-time verifier of the activation message for the integration's access token " +
          '(application secret).',
        params: IntegrationParams,
        body: ExchangeVerifierBody,
        response: { 200: Enveloped(Integration) },
      },
    },
    async (request) => {
      const application = principalOf(request, 'application');
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, application, await find(id), 'read', id);
      return envelope(request, await exchangeVerifier(ctx, row, request.body.verifier));
    },
  );

  app.post(
    '/api/v1/integrations/:integration_id/decline',
    {
      schema: {
        tags,
        summary: 'Refuse what awaits approval: a first request goes away, a re-approval leaves the grant as it was.',
        params: IntegrationParams,
      },
    },
    async (request) => {
      const member = memberOf(request);
      const { integration_id: id } = request.params;
      const row = await authorizeIntegration(ctx, member, await find(id), 'administer', id);
      await requests.declineIntegration(ctx, actorOf(member), row);
      return envelope(request, null);
    },
  );
};
