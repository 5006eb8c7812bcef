import type { Selectable } from 'kysely';
import type { SourceTables } from '../sources/tables.ts';
import type { TokenRow } from './store.ts';
import type { OpenToken } from './tokens.ts';
import type { Endpoints } from './upstream.ts';

type SourceRow = Selectable<SourceTables['sources']>;

/** The seed's `IntegrationMappingResponse`: overrides without secret values, which are only named. */
export function presentMapping(source: SourceRow, secretKeys: string[], token: TokenRow | undefined) {
  return {
    id: source.id,
    integration_id: source.provider_id,
    organization_id: source.team_id,
    entity_id: source.external_entity_id,
    entity_name: source.external_entity_name,
    oauth_token_id: token?.id ?? null,
    config: source.config,
    secret_keys: secretKeys,
    refresh_state: token?.refresh_state ?? null,
    expires_at: token?.expires_at?.toISOString() ?? null,
    created_at: source.created_date.toISOString(),
    updated_at: source.updated_date.toISOString(),
  };
}

/** The seed's `OAuthCredentials`, opened for the caller. */
export function presentCredentials(endpoints: Endpoints, token: OpenToken | undefined) {
  return {
    connection_name: endpoints.provider,
    client_id: endpoints.client_id,
    client_secret: endpoints.client_secret,
    authorization_url: endpoints.authorization_url,
    token_url: endpoints.token_url,
    scopes: token?.scopes.length ? token.scopes : endpoints.scopes,
    access_token: token?.access_token ?? null,
    refresh_token: token?.refresh_token ?? null,
    expires_at: token?.expires_at?.toISOString() ?? null,
  };
}
