import { Type } from 'typebox';
import { connectionTarget } from '../auth/platform.ts';
import { memberOf } from '../auth/principal.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { finishConnect, startConnect } from './connect.ts';
import { presentDefaults, setDefaults } from './defaults.ts';
import { platformDefaults, providerNamed } from './resolve.ts';
import * as schema from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['connections'];

/** The Connections API (seed 004): a team's mapping of each provider, merged config, fresh tokens. */
export const connectionsRoutes: Feature = (app, ctx) => {
  const params = schema.ProviderParams;
  const target = async (
    request: { query: { scope?: string | undefined } },
    member: ReturnType<typeof memberOf>,
    action: 'read' | 'administer',
  ) => connectionTarget(ctx, member, request.query.scope, action);

  app.get(
    '/api/v1/providers/:name/connection',
    {
      schema: {
        tags,
        summary: "Merged config and fresh OAuth credentials of the team's mapping (the seed's `integrations.get`).",
        params,
        querystring: schema.ScopeQuery,
        response: { 200: Enveloped(schema.IntegrationData) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const scope = await target(request, member, 'administer');
      return envelope(request, await service.getConnection(ctx, member, provider, scope));
    },
  );

  app.get(
    '/api/v1/providers/:name/mappings',
    {
      schema: {
        tags,
        summary: "Mappings of a provider: the team's own, or every team's with scope=global.",
        params,
        querystring: Type.Object({ ...ListQuery.properties, scope: schema.ScopeQuery.properties.scope }),
        response: { 200: Enveloped(Type.Array(schema.Mapping)) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const scope = await target(request, member, 'read');
      const paging = parsePaging(request.query, ctx.cursorKey);
      const rows =
        scope.kind === 'global'
          ? await store.listMappings(ctx.db, provider.id, paging)
          : [await store.findMapping(ctx.db, provider.id, scope.teamId)].filter((row) => row !== undefined);
      await service.audit(ctx.db, member, scope, 'mapping.listed', { type: 'provider', id: provider.id });
      const presented = await Promise.all(rows.map((row) => service.presentMappingRow(ctx, row)));
      return pageEnvelope(request, ctx.config.publicUrl, paging, presented, (row) => row);
    },
  );

  app.get(
    '/api/v1/providers/:name/mapping',
    {
      schema: {
        tags,
        summary: "The team's mapping of a provider (the seed's `get_mapping`).",
        params,
        querystring: schema.MappingQuery,
        response: { 200: Enveloped(schema.Mapping) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const scope = await target(request, member, 'read');
      const mapping = await service.mappingOf(ctx, provider, service.teamOf(scope, 'mapping'));
      const { entity_id: entityId } = request.query;
      if (entityId !== undefined && mapping.external_entity_id !== entityId)
        throw new NotFound(`This team has no ${provider.name} mapping for entity ${entityId}.`);
      await service.audit(ctx.db, member, scope, 'mapping.read', { type: 'source', id: mapping.id });
      return envelope(request, await service.presentMappingRow(ctx, mapping));
    },
  );

  app.put(
    '/api/v1/providers/:name/mapping',
    {
      schema: {
        tags,
        summary: "Create or change the team's mapping (the seed's `upsert_mapping`); `null` resets a config key.",
        params,
        querystring: schema.ScopeQuery,
        body: schema.UpsertMappingBody,
        response: { 200: Enveloped(schema.Mapping) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const teamId = service.teamOf(await target(request, member, 'administer'), 'mapping');
      return envelope(request, await service.upsertMapping(ctx, member, provider, teamId, request.body));
    },
  );

  app.delete(
    '/api/v1/providers/:name/mapping',
    {
      schema: {
        tags,
        summary: "Delete the team's mapping with its tokens (the seed's `delete_mapping`).",
        params,
        querystring: schema.ScopeQuery,
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const teamId = service.teamOf(await target(request, member, 'administer'), 'mapping');
      await service.deleteMapping(ctx, member, provider, teamId);
      return envelope(request, null);
    },
  );

  app.get(
    '/api/v1/providers/:name/defaults',
    {
      schema: {
        tags,
        summary: "The platform's defaults of a provider, secrets only named (platform callers).",
        params,
        response: { 200: Enveloped(schema.Defaults) },
      },
    },
    async (request) => {
      await connectionTarget(ctx, memberOf(request), 'global', 'read');
      const provider = await providerNamed(ctx, request.params.name);
      return envelope(request, presentDefaults(provider, Object.keys((await platformDefaults(ctx, provider)).secrets)));
    },
  );

  app.put(
    '/api/v1/providers/:name/defaults',
    {
      schema: {
        tags,
        summary: "Set the platform's defaults of a provider: config, OAuth client id and secret (platform callers).",
        params,
        body: schema.DefaultsBody,
        response: { 200: Enveloped(schema.Defaults) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      await connectionTarget(ctx, member, 'global', 'administer');
      const provider = await providerNamed(ctx, request.params.name);
      return envelope(request, await setDefaults(ctx, member, provider, request.body));
    },
  );

  app.post(
    '/api/v1/providers/:name/connect',
    {
      schema: {
        tags,
        summary: "Start connecting the team's mapping: where to send the browser.",
        params,
        querystring: schema.ScopeQuery,
        response: { 200: Enveloped(schema.Connect) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const teamId = service.teamOf(await target(request, member, 'administer'), 'connection');
      return envelope(request, await startConnect(ctx, member, provider, teamId));
    },
  );

  app.get(
    '/api/v1/connections/callback',
    {
      config: { principal: 'anyone' },
      schema: {
        tags,
        summary: 'Where the provider sends the browser back; the single-use state says which mapping.',
        querystring: schema.CallbackQuery,
        response: { 200: Enveloped(schema.Connected) },
      },
    },
    async (request) => envelope(request, await finishConnect(ctx, new URL(request.url, ctx.config.publicUrl))),
  );

  app.post(
    '/api/v1/providers/:name/refresh',
    {
      schema: {
        tags,
        summary: "Refresh the team's token now, whatever its expiry.",
        params,
        querystring: schema.ScopeQuery,
        response: { 200: Enveloped(schema.Mapping) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const provider = await providerNamed(ctx, request.params.name);
      const scope = await target(request, member, 'administer');
      const connection = await service.teamConnection(ctx, provider, service.teamOf(scope, 'token'));
      const mapping = connection.mapping as NonNullable<typeof connection.mapping>;
      await service.tokenOf(ctx, connection, { force: true });
      await service.audit(ctx.db, member, scope, 'connection.refreshed', { type: 'source', id: mapping.id });
      return envelope(request, await service.presentMappingRow(ctx, mapping));
    },
  );
};
