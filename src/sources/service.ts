import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { recordAudit } from '../audit/service.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import { findMapping } from '../connections/store.ts';
import type { AppContext } from '../context.ts';
import { findEntity } from '../entities/store.ts';
import { Conflict, InvalidRequestBody } from '../lib/errors.ts';
import { privateUrlReason } from '../lib/outbound.ts';
import { writeConfig } from '../providers/config.ts';
import { findProviderByName, type ProviderRow } from '../providers/store.ts';
import { presentSourceRow } from './presenters.ts';
import type { CreateSourceBody, SsoSettings as SsoInput, UpdateSourceBody } from './schema.ts';
import * as store from './store.ts';

type SourceRow = NonNullable<Awaited<ReturnType<typeof store.findSource>>>;
const CREDENTIALS = 'sources.credentials';

const SSO_CLIENT_SECRET = 'sources.sso_client_secret';
const NO_CONFIG = { plain: {}, sealed: null };
/** Config goes through the provider's one write path: typed, secrets sealed, `null` resets. */
const CONFIG_PATH = { column: 'sources.secret_config', path: 'body.config' };

/**
 * The sign-in issuer's columns: settings as JSON, the client secret sealed (before any transaction
 * opens, like credentials); an update that leaves the secret out keeps the stored one.
 */
async function ssoColumns(ctx: AppContext, sso: Static<typeof SsoInput> | null | undefined, before?: SourceRow) {
  if (sso === undefined) return {};
  if (sso === null) return { sso: null, sso_client_secret: null };
  await checkIssuer(ctx, sso.issuer);
  const { client_secret, ...settings } = sso;
  const secret =
    client_secret === undefined
      ? (before?.sso_client_secret ?? null)
      : await ctx.keyring.seal(client_secret, SSO_CLIENT_SECRET);
  return { sso: JSON.stringify({ claim: 'email', identifier: 'email', ...settings }), sso_client_secret: secret };
}

/**
 * An issuer the server will be made to call on an anonymous request: https, on a public address
 * (checked again at every connection), unless the operator allows private issuers.
 */
async function checkIssuer(ctx: AppContext, issuer: string): Promise<void> {
  if (ctx.config.allowPrivateIssuers) return;
  const url = new URL(issuer);
  if (url.protocol !== 'https:') throw new InvalidRequestBody('body.sso.issuer: must be an https URL');
  const reason = await privateUrlReason(url);
  if (reason)
    throw new InvalidRequestBody(
      `body.sso.issuer: ${reason}; only an operator's GATEHOUSE_ALLOW_PRIVATE_ISSUERS=true allows that`,
    );
}

/** The client secret of a source's sign-in issuer, opened for talking to it. */
export function openSsoClientSecret(
  ctx: AppContext,
  source: { sso_client_secret: string | null },
): Promise<string> | undefined {
  return source.sso_client_secret ? ctx.keyring.open(source.sso_client_secret, SSO_CLIENT_SECRET) : undefined;
}

/** An entity may only be one of the source's own team. */
async function checkEntity(ctx: AppContext, teamId: string, entityId: string | null | undefined): Promise<void> {
  if (!entityId) return;
  const entity = await findEntity(ctx.db, entityId);
  if (entity?.team_id !== teamId)
    throw new InvalidRequestBody(`body.entity_id: no entity with id ${entityId} in this team`);
}

/** Credentials are sealed before any transaction opens: sealing may read the keyring's table. */
async function sealCredentials(ctx: AppContext, credentials: Record<string, unknown> | null | undefined) {
  if (credentials === undefined) return undefined;
  return credentials === null ? null : ctx.keyring.seal(JSON.stringify(credentials), CREDENTIALS);
}

export async function createSource(
  ctx: AppContext,
  member: Member,
  teamId: string,
  input: Static<typeof CreateSourceBody>,
) {
  const provider = await findProviderByName(ctx.db, input.provider);
  if (!provider)
    throw new InvalidRequestBody(
      `body.provider: unknown provider '${input.provider}'; GET /api/v1/providers lists them`,
    );
  if (await findMapping(ctx.db, provider.id, teamId))
    throw new Conflict(`This team already has a ${provider.name} source; a team holds one per provider.`);
  await checkEntity(ctx, teamId, input.entity_id);
  const config = await writeConfig(ctx, provider.config_schema, NO_CONFIG, input.config ?? {}, CONFIG_PATH);
  const credentials = await sealCredentials(ctx, input.credentials);
  const sso = await ssoColumns(ctx, input.sso);
  return ctx.db.transaction().execute(async (tx) => {
    const source = await store.insertSource(tx, {
      id: randomUUID(),
      team_id: teamId,
      provider_id: provider.id,
      name: input.name,
      state: input.state ?? 'active',
      entity_id: input.entity_id ?? null,
      external_entity_id: input.external_entity_id ?? null,
      external_entity_name: input.external_entity_name ?? null,
      config: config.plain,
      secret_config: config.sealed,
      credentials: credentials ?? null,
      ...sso,
    });
    await recordAudit(tx, {
      teamId,
      actor: actorOf(member),
      action: 'source.created',
      target: { type: 'source', id: source.id },
      after: presentSourceRow(source),
    });
    return source;
  });
}

export async function updateSource(
  ctx: AppContext,
  member: Member,
  before: SourceRow,
  input: Static<typeof UpdateSourceBody>,
) {
  const { provider, credentials, config, sso, ...rest } = input;
  if (provider !== undefined && provider !== before.provider_name) {
    throw new InvalidRequestBody(
      `body.provider: the provider of a source is fixed ('${before.provider_name}'); create a new source instead`,
    );
  }
  await checkEntity(ctx, before.team_id, input.entity_id);
  const { config_schema: schema } = (await findProviderByName(ctx.db, before.provider_name)) as ProviderRow;
  const current = { plain: before.config, sealed: before.secret_config };
  const written = config && (await writeConfig(ctx, schema, current, config, CONFIG_PATH));
  const sealed = await sealCredentials(ctx, credentials);
  const ssoChanges = await ssoColumns(ctx, sso, before);
  return ctx.db.transaction().execute(async (tx) => {
    const source = await store.updateSource(tx, before.id, {
      ...rest,
      ...ssoChanges,
      ...(written ? { config: written.plain, secret_config: written.sealed } : {}),
      ...(sealed !== undefined ? { credentials: sealed } : {}),
    });
    await recordAudit(tx, {
      teamId: source.team_id,
      actor: actorOf(member),
      action: 'source.updated',
      target: { type: 'source', id: source.id },
      before: presentSourceRow(before),
      after: presentSourceRow(source),
    });
    return source;
  });
}

/** Deleting a source deletes its graph data and every integration built on it. */
export async function deleteSource(ctx: AppContext, member: Member, source: SourceRow): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await store.deleteSource(tx, source.id);
    await recordAudit(tx, {
      teamId: source.team_id,
      actor: actorOf(member),
      action: 'source.deleted',
      target: { type: 'source', id: source.id },
      before: presentSourceRow(source),
    });
  });
}
