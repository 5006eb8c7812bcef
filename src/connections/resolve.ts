import type { Selectable } from 'kysely';
import type { ConnectionTarget } from '../auth/platform.ts';
import type { AppContext } from '../context.ts';
import { NotFound } from '../lib/errors.ts';
import { mergeConfig, type OpenConfig, openConfig, secretKeys } from '../providers/config.ts';
import { findProviderByName, type ProviderRow } from '../providers/store.ts';
import type { SourceTables } from '../sources/tables.ts';
import * as store from './store.ts';
import { type Endpoints, fillTemplate } from './upstream.ts';

export type SourceRow = Selectable<SourceTables['sources']>;

export const DEFAULTS_CONTEXT = 'providers.secret_defaults';
export const OVERRIDES_CONTEXT = 'sources.secret_config';
const CLIENT_SECRET = 'providers.client_secret';

/** A provider, a team's mapping of it (if the target is a team and has one) and what they merge to. */
export type Connection = {
  provider: ProviderRow;
  mapping: SourceRow | undefined;
  config: Record<string, unknown>;
  secretKeys: string[];
  endpoints: Endpoints;
};

/** Names are lowercase; the seed's callers write them capitalised (`Microsoft_Graph`). */
export async function providerNamed(ctx: AppContext, name: string): Promise<ProviderRow> {
  const provider = await findProviderByName(ctx.db, name.toLowerCase());
  if (!provider) throw new NotFound(`No provider named ${name}; GET /api/v1/providers lists them.`);
  return provider;
}

export function platformDefaults(ctx: AppContext, provider: ProviderRow): Promise<OpenConfig> {
  return openConfig(ctx, { plain: provider.defaults, sealed: provider.secret_defaults }, DEFAULTS_CONTEXT);
}

export function teamOverrides(ctx: AppContext, source: SourceRow): Promise<OpenConfig> {
  return openConfig(ctx, { plain: source.config, sealed: source.secret_config }, OVERRIDES_CONTEXT);
}

/** A URL template filled where the config allows; unfilled, it is not shown rather than guessed. */
function filled(template: string | null, config: Record<string, unknown>): string | null {
  try {
    return fillTemplate(template, config);
  } catch {
    return null;
  }
}

export async function endpointsOf(ctx: AppContext, provider: ProviderRow, config: Record<string, unknown>) {
  return {
    provider: provider.name,
    authorization_url: filled(provider.authorization_url, config),
    token_url: filled(provider.token_url, config),
    client_id: provider.client_id,
    client_secret: provider.client_secret ? await ctx.keyring.open(provider.client_secret, CLIENT_SECRET) : null,
    scopes: provider.scopes,
  } satisfies Endpoints;
}

/** The connection of the target: the team's mapping merged over the platform's defaults, or those alone. */
export async function resolveConnection(
  ctx: AppContext,
  provider: ProviderRow,
  target: ConnectionTarget,
): Promise<Connection> {
  const mapping = target.kind === 'team' ? await store.findMapping(ctx.db, provider.id, target.teamId) : undefined;
  const levels = [await platformDefaults(ctx, provider)];
  if (mapping) levels.push(await teamOverrides(ctx, mapping));
  const config = mergeConfig(provider.config_schema, ...levels);
  const keys = secretKeys(provider.config_schema);
  return { provider, mapping, config, secretKeys: keys, endpoints: await endpointsOf(ctx, provider, config) };
}

export { CLIENT_SECRET };
