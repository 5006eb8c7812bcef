import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { recordAudit } from '../audit/service.ts';
import type { ConnectionTarget } from '../auth/platform.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { BadRequest, NotFound } from '../lib/errors.ts';
import { writeConfig } from '../providers/config.ts';
import type { ProviderRow } from '../providers/store.ts';
import { deleteSource, insertSource, updateSource } from '../sources/store.ts';
import { ensurePlatformTeam } from '../teams/store.ts';
import { clientCredentialsToken } from './client-credentials.ts';
import { presentCredentials, presentMapping } from './presenters.ts';
import { type Connection, OVERRIDES_CONTEXT, resolveConnection, type SourceRow, teamOverrides } from './resolve.ts';
import type { UpsertMappingBody } from './schema.ts';
import * as store from './store.ts';
import { freshToken, type OpenToken } from './tokens.ts';

/** Records a read or change in the audit log of the team it concerns (the platform's, for defaults). */
export async function audit(
  db: Executor,
  member: Member,
  target: ConnectionTarget,
  action: string,
  record: { type: string; id: string },
  after?: Record<string, unknown>,
) {
  const teamId = target.kind === 'team' ? target.teamId : await ensurePlatformTeam(db);
  await recordAudit(db, { teamId, actor: actorOf(member), action, target: record, after: after ?? null });
}

export async function presentMappingRow(ctx: AppContext, source: SourceRow) {
  const overrides = await teamOverrides(ctx, source);
  return presentMapping(source, Object.keys(overrides.secrets), await store.findToken(ctx.db, source.id));
}

/** The token a connection hands out: refreshed or minted as its auth mode says. */
export async function tokenOf(
  ctx: AppContext,
  connection: Connection,
  options: { force?: boolean; aheadSeconds?: number } = {},
): Promise<OpenToken | undefined> {
  const { mapping, provider, endpoints } = connection;
  if (!mapping) return undefined;
  const owner = {
    sourceId: mapping.id,
    teamId: mapping.team_id,
    marginSeconds: provider.refresh_margin_seconds + (options.aheadSeconds ?? 0),
    endpoints,
  };
  if (provider.auth_mode === 'oauth2_client_credentials') return clientCredentialsToken(ctx, owner, options);
  return freshToken(ctx, owner, options);
}

/** The seed's `IntegrationData`: merged config and fresh credentials. A team without a mapping has none. */
export async function getConnection(ctx: AppContext, member: Member, provider: ProviderRow, target: ConnectionTarget) {
  const connection = await resolveConnection(ctx, provider, target);
  if (target.kind === 'team' && !connection.mapping) throw new NotFound(`This team has no ${provider.name} mapping.`);
  const token = await tokenOf(ctx, connection);
  const oauth = provider.auth_mode.startsWith('oauth2') ? presentCredentials(connection.endpoints, token) : null;
  await audit(ctx.db, member, target, token ? 'connection.token_read' : 'connection.read', {
    type: 'provider',
    id: provider.id,
  });
  return {
    integration_id: provider.id,
    entity_id: connection.mapping?.external_entity_id ?? null,
    entity_name: connection.mapping?.external_entity_name ?? null,
    config: connection.config,
    secret_keys: connection.secretKeys,
    oauth,
  };
}

export function teamOf(target: ConnectionTarget, what: string): string {
  if (target.kind === 'global')
    throw new BadRequest(`scope=global has no ${what}; the platform's defaults have their own route.`);
  return target.teamId;
}

/** The team's connection, which must have a mapping. */
export async function teamConnection(ctx: AppContext, provider: ProviderRow, teamId: string): Promise<Connection> {
  const connection = await resolveConnection(ctx, provider, { kind: 'team', teamId });
  if (!connection.mapping) throw new NotFound(`This team has no ${provider.name} mapping.`);
  return connection;
}

export async function mappingOf(ctx: AppContext, provider: ProviderRow, teamId: string): Promise<SourceRow> {
  const mapping = await store.findMapping(ctx.db, provider.id, teamId);
  if (!mapping) throw new NotFound(`This team has no ${provider.name} mapping.`);
  return mapping;
}

/**
 * Creates or changes the team's mapping. Config goes through the one write path (typed, secrets
 * sealed, null resets); sealing happens before the transaction, as it may read the keyring's table.
 */
export async function upsertMapping(
  ctx: AppContext,
  member: Member,
  provider: ProviderRow,
  teamId: string,
  input: Static<typeof UpsertMappingBody>,
) {
  const before = await store.findMapping(ctx.db, provider.id, teamId);
  const current = before ? { plain: before.config, sealed: before.secret_config } : { plain: {}, sealed: null };
  const config = await writeConfig(ctx, provider.config_schema, current, input.config ?? {}, {
    column: OVERRIDES_CONTEXT,
    path: 'body.config',
  });
  const fields = {
    external_entity_id: input.entity_id,
    ...(input.entity_name !== undefined ? { external_entity_name: input.entity_name } : {}),
    config: config.plain,
    secret_config: config.sealed,
  };
  const mapping = await ctx.db.transaction().execute(async (tx) => {
    const source = before
      ? await updateSource(tx, before.id, fields)
      : await insertSource(tx, {
          id: randomUUID(),
          team_id: teamId,
          provider_id: provider.id,
          name: provider.title,
          state: 'active',
          ...fields,
        });
    const presented = presentMapping(source, config.secretKeys, await store.findToken(tx, source.id));
    await audit(
      tx,
      member,
      { kind: 'team', teamId },
      before ? 'mapping.updated' : 'mapping.created',
      { type: 'source', id: source.id },
      presented,
    );
    return presented;
  });
  return mapping;
}

/** Deletes the team's mapping: its source, tokens, and whatever was built on it. */
export async function deleteMapping(ctx: AppContext, member: Member, provider: ProviderRow, teamId: string) {
  const mapping = await mappingOf(ctx, provider, teamId);
  await ctx.db.transaction().execute(async (tx) => {
    await deleteSource(tx, mapping.id);
    await audit(tx, member, { kind: 'team', teamId }, 'mapping.deleted', { type: 'source', id: mapping.id });
  });
}
