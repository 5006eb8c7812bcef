import type { Generated } from 'kysely';
import type { Json, JsonWithDefault } from '../db/json.ts';

export type AuthMode = 'oauth2_authorization_code' | 'oauth2_client_credentials' | 'api_key' | 'none';
export type ConfigType = 'string' | 'int' | 'bool' | 'json' | 'secret';
export type ConfigField = { type: ConfigType; required?: boolean; description?: string; default?: unknown };
/** A query parameter of the callback, a claim of the id_token, or a field of the token response. */
export type EntityIdSource = { from: 'query' | 'id_token' | 'token'; name: string };

export type IntegrationStatus = 'requested' | 'inactive' | 'active' | 'disabled';
export type SourceState = 'inactive' | 'active' | 'error' | 'disabled';

export type IntegrationTables = {
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
  entities: {
    id: string;
    team_id: string;
    name: string;
    kind: 'district' | 'school' | 'university' | 'company' | 'other';
    identifiers: Json<Array<{ type: string; value: string }>>;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  sources: {
    id: string;
    team_id: string;
    provider_id: string;
    entity_id: string | null;
    name: string;
    state: Generated<SourceState>;
    external_entity_id: string | null;
    external_entity_name: string | null;
    config: Json<Record<string, unknown>>;
    /** Sealed JSON of the source's outside credentials (context `sources.credentials`). */
    credentials: string | null;
    /** Upstream OpenID Connect issuer for person sign-in: issuer, client_id, identifier matching. */
    sso: Json<Record<string, unknown> | null>;
    /** Sealed client secret for that issuer (context `sources.sso_client_secret`). */
    sso_client_secret: string | null;
    /** Sealed JSON of the team's `secret` config overrides (context `sources.secret_config`). */
    secret_config: string | null;
    /** The demo district's source, seeded by the demo: the only one the demo person picker offers. */
    demo: Generated<boolean>;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  applications: {
    id: string;
    team_id: string;
    name: string;
    description: string | null;
    icon_url: string | null;
    redirect_uris: Json<string[]>;
    /** Also the endpoint of activation messages. */
    webhook_url: string | null;
    email: string | null;
    /** Where an administrator's browser goes after approving, with the integration id and a callback. */
    identity_link_url: string | null;
    requested_permissions: Json<string[]>;
    secret_hash: string;
    secret_hint: string;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  integrations: {
    id: string;
    team_id: string;
    /** Null only while `requested`: the organization picks the source when it approves. */
    source_id: string | null;
    application_id: string;
    permissions: Json<string[]>;
    /** What the application asks this organization to approve (first or again); null when nothing waits. */
    pending_permissions: Json<string[] | null>;
    pending_date: Date | null;
    scope: 'all' | 'selected';
    targets: Json<string[]>;
    /** The shared view a `selected` integration reads; null for `all`, which reads its source. */
    view_id: Generated<string | null>;
    /** What the schedule yields: `requested_status` narrowed by `start_date` and `end_date`. */
    status: IntegrationStatus;
    /** What an administrator asked for. */
    requested_status: Generated<IntegrationStatus>;
    start_date: Date | null;
    end_date: Date | null;
    token_hash: string;
    /** The access token sealed (context `integrations.token_sealed`): the developer API shows it again. */
    token_sealed: string;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  /** An activation message's one-time verifier (hashed), exchanged by the application for the access token. */
  integration_verifiers: {
    integration_id: string;
    verifier_hash: string;
    expires_date: Date;
    created_date: Generated<Date>;
  };
  /** Tokens replaced by a rotation, each working until its own grace period ends. */
  integration_retired_tokens: { token_hash: string; integration_id: string; expires_date: Date };
};
