import type { Static } from 'typebox';
import { recordAudit } from '../audit/service.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { Conflict, InvalidRequestBody } from '../lib/errors.ts';
import { ensurePlatformTeam } from '../teams/store.ts';
import { providerId, schemaDefaults } from './catalog.ts';
import { presentProvider } from './presenters.ts';
import type { CreateProviderBody, UpdateProviderBody } from './schema.ts';
import { findProviderByName, insertProvider, type ProviderRow, updateProvider } from './store.ts';
import type { ApiKeyIn, AuthMode, ConfigField } from './tables.ts';

const BEARER: ApiKeyIn = { in: 'header', name: 'authorization', prefix: 'Bearer ' };

type Definition = {
  auth_mode: AuthMode;
  api_key_in: ApiKeyIn | null;
  config_schema: Record<string, ConfigField>;
};

/**
 * An `api_key` provider takes the team's key from a `secret` config field named `api_key`, so it
 * is sealed and named among the secrets like any other; where it goes defaults to a bearer header.
 */
function checkDefinition(definition: Definition): ApiKeyIn | null {
  if (definition.auth_mode !== 'api_key') {
    if (definition.api_key_in)
      throw new InvalidRequestBody('body.api_key_in: only a provider of auth mode api_key takes an API key.');
    return null;
  }
  if (definition.config_schema.api_key?.type !== 'secret')
    throw new InvalidRequestBody(
      "body.config_schema: a provider of auth mode api_key declares the team's key as a field " +
        "api_key of type 'secret'.",
    );
  return definition.api_key_in ?? BEARER;
}

/** Records a change of the catalog in the platform's audit log. */
async function auditProvider(
  tx: Executor,
  member: Member,
  action: string,
  before: ProviderRow | null,
  after: ProviderRow,
) {
  await recordAudit(tx, {
    teamId: await ensurePlatformTeam(tx),
    actor: actorOf(member),
    action,
    target: { type: 'provider', id: after.id },
    before: before && presentProvider(before),
    after: presentProvider(after),
  });
}

/** A provider added by the platform, without a code change; audited in the platform's team. */
export async function createProvider(ctx: AppContext, member: Member, input: Static<typeof CreateProviderBody>) {
  if (await findProviderByName(ctx.db, input.name)) throw new Conflict(`A provider named ${input.name} exists.`);
  const schema = input.config_schema ?? {};
  const apiKeyIn = checkDefinition({
    auth_mode: input.auth_mode,
    api_key_in: input.api_key_in ?? null,
    config_schema: schema,
  });
  return ctx.db.transaction().execute(async (tx) => {
    const provider = await insertProvider(tx, {
      id: providerId(input.name),
      name: input.name,
      title: input.title,
      auth_mode: input.auth_mode,
      authorization_url: input.authorization_url ?? null,
      token_url: input.token_url ?? null,
      scopes: JSON.stringify(input.scopes ?? []),
      pkce: input.pkce ?? false,
      refresh_margin_seconds: input.refresh_margin_seconds ?? 300,
      api_base_urls: JSON.stringify(input.api_base_urls ?? []),
      entity_id_from: input.entity_id_from ? JSON.stringify(input.entity_id_from) : null,
      api_key_in: apiKeyIn ? JSON.stringify(apiKeyIn) : null,
      config_schema: JSON.stringify(schema),
      default_config: JSON.stringify(schemaDefaults(schema)),
    });
    await auditProvider(tx, member, 'provider.created', null, provider);
    return provider;
  });
}

/**
 * Changes a provider the platform added. The built-in ones are rewritten from the catalog at every
 * start, so a change to them would not last: their defaults are what the platform sets.
 */
export async function changeProvider(
  ctx: AppContext,
  member: Member,
  provider: ProviderRow,
  input: Static<typeof UpdateProviderBody>,
) {
  if (provider.builtin)
    throw new Conflict(
      `${provider.name} is built in and rewritten at every start; set its defaults (PUT /api/v1/providers/` +
        `${provider.name}/defaults) or add a provider of another name.`,
    );
  const schema = input.config_schema ?? provider.config_schema;
  const apiKeyIn = checkDefinition({
    auth_mode: input.auth_mode ?? provider.auth_mode,
    api_key_in: input.api_key_in === undefined ? provider.api_key_in : input.api_key_in,
    config_schema: schema,
  });
  const { scopes, api_base_urls, entity_id_from, config_schema, api_key_in: _given, ...plain } = input;
  return ctx.db.transaction().execute(async (tx) => {
    const after = await updateProvider(tx, provider.id, {
      ...plain,
      ...(scopes && { scopes: JSON.stringify(scopes) }),
      ...(api_base_urls && { api_base_urls: JSON.stringify(api_base_urls) }),
      ...(entity_id_from !== undefined && { entity_id_from: entity_id_from && JSON.stringify(entity_id_from) }),
      ...(config_schema && {
        config_schema: JSON.stringify(schema),
        default_config: JSON.stringify(schemaDefaults(schema)),
      }),
      api_key_in: apiKeyIn && JSON.stringify(apiKeyIn),
    });
    await auditProvider(tx, member, 'provider.updated', provider, after);
    return after;
  });
}
