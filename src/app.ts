import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { applicationsRoutes } from './applications/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { withAuthentication } from './auth/authenticate.ts';
import { browseRoutes } from './browse/routes.ts';
import { connectionProxyRoutes } from './connections/proxy-routes.ts';
import { connectionsRoutes } from './connections/routes.ts';
import { consoleRoutes, notFoundHandler } from './console/routes.ts';
import type { AppContext } from './context.ts';
import { developerKeysRoutes } from './developer-keys/routes.ts';
import { entitiesRoutes } from './entities/routes.ts';
import type { Api, Feature } from './feature.ts';
import { graphRoutes } from './graph/routes/index.ts';
import { integrationRequestRoutes } from './integrations/request-routes.ts';
import { integrationsRoutes } from './integrations/routes.ts';
import { errorHandler } from './lib/error-handler.ts';
import { answerHeaders, docsPolicy } from './lib/headers.ts';
import { RequestLog } from './lib/request-log.ts';
import { validatorCompiler } from './lib/validation.ts';
import { membersRoutes } from './members/routes.ts';
import { myRoutes } from './my/routes.ts';
import { oauthRoutes } from './oauth/routes.ts';
import { opsRoutes } from './ops/routes.ts';
import { permissionsRoutes } from './permissions/routes.ts';
import { providersRoutes } from './providers/routes.ts';
import { rosterImportRoutes } from './roster-import/routes.ts';
import { scopesRoutes } from './scopes/routes.ts';
import { sourcesRoutes } from './sources/routes.ts';
import { apiKeyRoutes } from './teams/api-key-routes.ts';
import { teamsRoutes } from './teams/routes.ts';
import { webhooksRoutes } from './webhooks/routes.ts';

/** Every feature's routes, in the order they appear in the API document. */
const FEATURES: Feature[] = [
  // First: it records every route added after it as an endpoint scope.
  scopesRoutes,
  opsRoutes,
  teamsRoutes,
  apiKeyRoutes,
  membersRoutes,
  permissionsRoutes,
  providersRoutes,
  entitiesRoutes,
  sourcesRoutes,
  browseRoutes,
  connectionsRoutes,
  connectionProxyRoutes,
  rosterImportRoutes,
  applicationsRoutes,
  integrationsRoutes,
  integrationRequestRoutes,
  webhooksRoutes,
  graphRoutes,
  auditRoutes,
  developerKeysRoutes,
  oauthRoutes,
  myRoutes,
  consoleRoutes,
];

export const BODY_LIMIT = 1024 * 1024;

/** Builds the server from the features; it does not listen. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    logController: new RequestLog(),
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // The router's own refusals (a URL it cannot decode, an overlong path segment) answer in our format too.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler(ctx));
  answerHeaders(app, ctx.config.publicUrl);
  await app.register(formbody);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 1024 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gatehouse',
        version: '0.1.0',
        description: 'Management, developer, Graph and User APIs of Gatehouse.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gatehouse_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: docsPolicy(ctx.config.publicUrl),
  });
  app.addHook('onRoute', withAuthentication(ctx));
  const typed: Api = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const feature of FEATURES) await feature(typed, ctx);
  return app;
}
