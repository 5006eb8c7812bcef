import { Type } from 'typebox';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { presentProvider } from './presenters.ts';
import { Provider } from './schema.ts';
import { listProviders } from './store.ts';

/** The provider catalog is public: it names kinds of systems, nothing of any team. */
export const providersRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/v1/providers',
    {
      config: { principal: 'anyone' },
      schema: {
        tags: ['providers'],
        summary: 'The kinds of outside systems a source can connect.',
        response: { 200: Enveloped(Type.Array(Provider)) },
      },
    },
    async (request) => envelope(request, (await listProviders(ctx.db)).map(presentProvider)),
  );
};
