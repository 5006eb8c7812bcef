import type { Generated } from 'kysely';
import type { Json, JsonWithDefault } from '../db/json.ts';

export type AuthMode = 'oauth2_authorization_code' | 'oauth2_client_credentials' | 'api_key' | 'none';
export type ConfigType = 'string' | 'int' | 'bool' | 'json' | 'secret';
export type ConfigField = { type: ConfigType; required?: boolean; description?: string; default?: unknown };
/** A query parameter of the callback, a claim of the id_token, or a field of the token response. */
export type EntityIdSource = { from: 'query' | 'id_token' | 'token'; name: string };

/** Where an `api_key` provider takes the key: a header (with a prefix) or a query parameter. */
export type ApiKeyIn = { in: 'header' | 'query'; name: string; prefix?: string };

export type ProviderTables = {
  providers: {
    id: string;
    name: string;
    title: string;
    authorization_url: string | null;
    token_url: string | null;
    scopes: Json<string[]>;
    /** The config schema's own defaults, from the catalog. */
    default_config: Json<Record<string, unknown>>;
    auth_mode: Generated<AuthMode>;
    config_schema: JsonWithDefault<Record<string, ConfigField>>;
    pkce: Generated<boolean>;
    refresh_margin_seconds: Generated<number>;
    /** The only origins (with a path prefix) the proxy reaches, `{placeholders}` filled from config. */
    api_base_urls: JsonWithDefault<string[]>;
    /** Where the connect callback finds the outside entity id, if anywhere. */
    entity_id_from: JsonWithDefault<EntityIdSource | null>;
    /** For auth mode `api_key`: where the team's `api_key` config value goes on proxied requests. */
    api_key_in: JsonWithDefault<ApiKeyIn | null>;
    /** A provider of the built-in catalog, rewritten at every start; others are added through the API. */
    builtin: Generated<boolean>;
    /** The platform's defaults (Bifrost's `scope: "global"`), without secrets. */
    defaults: JsonWithDefault<Record<string, unknown>>;
    /** Sealed JSON of the platform's `secret` defaults (context `providers.secret_defaults`). */
    secret_defaults: string | null;
    client_id: string | null;
    /** Sealed (context `providers.client_secret`). */
    client_secret: string | null;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
};
