import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizeTeam, requireTeamRole, roleIn } from '../auth/policies.ts';
import { memberOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { TeamParams } from '../teams/schema.ts';
import { findTeam } from '../teams/store.ts';
import { resolveBinding } from './bindings.ts';
import { presentBinding, presentInheritedKey, presentKey } from './presenters.ts';
import {
  Binding,
  CreateKeyBody,
  DeveloperKey,
  InheritedKey,
  KeyListQuery,
  KeyParams,
  SetBindingBody,
  TeamKeyParams,
  UpdateKeyBody,
} from './schema.ts';
import * as service from './service.ts';
import * as store from './store.ts';

const tags = ['developer-keys'];
const notFound = (id: string) => () => new NotFound(`Developer key with id ${id} not found.`);

/**
 * A key addressed by id, for a member of the team that manages it: its owner, or its
 * application's team for a global key. Answers the key and the member's role there.
 */
async function managedKey(ctx: AppContext, request: FastifyRequest, id: string, action: 'read' | 'develop') {
  const key = await store.findKey(ctx.db, id);
  const teamId = key && key.state !== 'deleted' ? (key.team_id ?? key.application_team_id) : undefined;
  const role = await authorizeTeam(ctx, memberOf(request), teamId, action, notFound(id));
  return { key: key as store.KeyView, role };
}

/** The binding in force for each key in the team. */
async function withBindings(ctx: AppContext, teamId: string, keys: store.KeyView[]) {
  return Promise.all(
    keys.map(async (key) => {
      const binding = resolveBinding(key.team_id === null, await store.bindingChain(ctx.db, key.id, teamId));
      return { ...key, binding: binding ? presentBinding(binding, teamId) : null };
    }),
  );
}

/** Developer keys (OAuth clients of applications) and their per-team bindings. */
export const developerKeysRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/v1/teams/:team_id/developer-keys',
    {
      preHandler: requireTeamRole(ctx, 'read'),
      schema: {
        tags,
        summary:
          "The team's developer keys, or with `inherited=true` the global keys it may turn on (those the platform " +
          'has not turned off, without their notes, contact or redirect URIs); each with the binding in force here.',
        params: TeamParams,
        querystring: KeyListQuery,
        response: { 200: Enveloped(Type.Array(Type.Union([DeveloperKey, InheritedKey]))) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      const { team_id: teamId } = request.params;
      if (request.query.inherited) {
        const rows = await withBindings(ctx, teamId, await store.listGlobalKeys(ctx.db, paging));
        return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) =>
          presentInheritedKey(row, row.binding),
        );
      }
      const rows = await withBindings(ctx, teamId, await store.listTeamKeys(ctx.db, teamId, paging));
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) =>
        presentKey(row, { binding: row.binding }),
      );
    },
  );

  app.post(
    '/api/v1/teams/:team_id/developer-keys',
    {
      preHandler: requireTeamRole(ctx, 'develop'),
      schema: {
        tags,
        summary: 'Create a developer key for an application; its secret is shown once. It starts turned off.',
        params: TeamParams,
        body: CreateKeyBody,
        response: { 200: Enveloped(DeveloperKey) },
      },
    },
    async (request) => {
      const member = memberOf(request);
      const role = (await roleIn(ctx, member, request.params.team_id))!;
      const created = await service.createKey(
        ctx.db,
        member,
        request.params.team_id,
        role,
        request.body,
        app.scopeCatalog,
      );
      return envelope(request, presentKey(created.key, created.secret ? { secret: created.secret } : {}));
    },
  );

  app.get(
    '/api/v1/developer-keys/:key_id',
    {
      schema: { tags, summary: 'One developer key.', params: KeyParams, response: { 200: Enveloped(DeveloperKey) } },
    },
    async (request) =>
      envelope(request, presentKey((await managedKey(ctx, request, request.params.key_id, 'read')).key)),
  );

  app.patch(
    '/api/v1/developer-keys/:key_id',
    {
      schema: {
        tags,
        summary: 'Change a developer key; removing a scope ends its tokens, `state: inactive` stops them.',
        params: KeyParams,
        body: UpdateKeyBody,
        response: { 200: Enveloped(DeveloperKey) },
      },
    },
    async (request) => {
      const { key, role } = await managedKey(ctx, request, request.params.key_id, 'develop');
      const updated = await service.updateKey(ctx.db, memberOf(request), key, role, request.body, app.scopeCatalog);
      return envelope(request, presentKey(updated));
    },
  );

  app.delete(
    '/api/v1/developer-keys/:key_id',
    {
      schema: {
        tags,
        summary: 'Delete a developer key and end its tokens.',
        params: KeyParams,
        response: { 200: Enveloped(DeveloperKey) },
      },
    },
    async (request) => {
      const { key, role } = await managedKey(ctx, request, request.params.key_id, 'develop');
      return envelope(request, presentKey(await service.deleteKey(ctx.db, memberOf(request), key, role)));
    },
  );

  app.post(
    '/api/v1/developer-keys/:key_id/secret',
    {
      schema: {
        tags,
        summary: 'Replace the client secret; the new one is shown once.',
        params: KeyParams,
        response: { 200: Enveloped(DeveloperKey) },
      },
    },
    async (request) => {
      const { key, role } = await managedKey(ctx, request, request.params.key_id, 'develop');
      const regenerated = await service.regenerateSecret(ctx.db, memberOf(request), key, role);
      return envelope(request, presentKey(regenerated.key, { secret: regenerated.secret }));
    },
  );

  app.post(
    '/api/v1/teams/:team_id/developer-keys/:key_id/bindings',
    {
      schema: {
        tags,
        summary:
          "Turn a key on, off or `allow` for a team; in the platform team, the platform's binding, which " +
          "overrides every team's for a global key.",
        params: TeamKeyParams,
        body: SetBindingBody,
        response: { 200: Enveloped(Binding), 201: Enveloped(Binding) },
      },
    },
    async (request, reply) => {
      const { team_id: teamId, key_id: keyId } = request.params;
      const role = await authorizeTeam(
        ctx,
        memberOf(request),
        teamId,
        'administer',
        () => new NotFound(`Team with id ${teamId} not found.`),
      );
      const key = await store.findKey(ctx.db, keyId);
      // A team binds its own keys and global ones; in the platform team, a global key's binding is the platform's.
      if (!key || key.state === 'deleted' || (key.team_id !== null && key.team_id !== teamId)) throw notFound(keyId)();
      const platform = key.team_id === null && (await findTeam(ctx.db, teamId))?.kind === 'platform';
      const { binding, created } = await service.setBinding(
        ctx.db,
        memberOf(request),
        key,
        platform ? null : teamId,
        request.body.state,
        role,
      );
      reply.status(created ? 201 : 200);
      return envelope(request, presentBinding(binding, teamId));
    },
  );
};
