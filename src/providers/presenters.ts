import type { ProviderRow } from './store.ts';

/** A provider's definition: public, it names a kind of system and nothing of the platform's defaults. */
export function presentProvider(provider: ProviderRow) {
  return {
    id: provider.id,
    name: provider.name,
    title: provider.title,
    auth_mode: provider.auth_mode,
    authorization_url: provider.authorization_url,
    token_url: provider.token_url,
    scopes: provider.scopes,
    pkce: provider.pkce,
    refresh_margin_seconds: provider.refresh_margin_seconds,
    api_base_urls: provider.api_base_urls,
    entity_id_from: provider.entity_id_from,
    api_key_in: provider.api_key_in,
    config_schema: provider.config_schema,
    default_config: provider.default_config,
    builtin: provider.builtin,
  };
}
