import { Type } from 'typebox';
import { connectionTarget } from '../auth/platform.ts';
import { memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { presentProvider } from './presenters.ts';
import { CreateProviderBody, Provider, UpdateProviderBody } from './schema.ts';
import { changeProvider, createProvider } from './service.ts';
import { findProviderByName, listProviders } from './store.ts';

const tags = ['providers'];

export const providersRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/v1/providers',
    {
      // Public: the catalog names kinds of systems, nothing of any team or of the platform's defaults.
      config: { principal: 'anyone' },
      schema: {
        tags,
        summary: 'The kinds of outside systems a team can connect.',
        response: { 200: Enveloped(Type.Array(Provider)) },
      },
    },
    async (request) => envelope(request, (await listProviders(ctx.db)).map(presentProvider)),
  );

  app.post(
    '/api/v1/providers',
    {
      schema: {
        tags,
        summary: 'Add a provider to the catalog (platform callers).',
        body: CreateProviderBody,
        response: { 200: Enveloped(Provider) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await connectionTarget(ctx, member, 'global', 'administer');
      return envelope(request, presentProvider(await createProvider(ctx, member, request.body)));
    },
  );

  app.patch(
    '/api/v1/providers/:name',
    {
      schema: {
        tags,
        summary: 'Change a provider the platform added; built-in ones follow the catalog (platform callers).',
        params: Type.Object({ name: Type.String({ maxLength: 100 }) }),
        body: UpdateProviderBody,
        response: { 200: Enveloped(Provider) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await connectionTarget(ctx, member, 'global', 'administer');
      const provider = await findProviderByName(ctx.db, request.params.name.toLowerCase());
      if (!provider) throw new NotFound(`No provider named ${request.params.name}; GET /api/v1/providers lists them.`);
      return envelope(request, presentProvider(await changeProvider(ctx, member, provider, request.body)));
    },
  );
};
