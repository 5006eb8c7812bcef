import type { Generated, JSONColumnType } from 'kysely';

/** jsonb columns are read as values and written as JSON text. */
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export type IntegrationStatus = 'inactive' | 'active' | 'disabled';
export type SourceState = 'inactive' | 'active' | 'error' | 'disabled';

export type IntegrationTables = {
  providers: {
    id: string;
    name: string;
    title: string;
    authorization_url: string | null;
    token_url: string | null;
    scopes: Json<string[]>;
    default_config: Json<Record<string, unknown>>;
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
    sso: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
    /** Sealed client secret for that issuer (context `sources.sso_client_secret`). */
    sso_client_secret: string | null;
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
    webhook_url: string | null;
    requested_permissions: Json<string[]>;
    secret_hash: string;
    secret_hint: string;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  integrations: {
    id: string;
    team_id: string;
    source_id: string;
    application_id: string;
    permissions: Json<string[]>;
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
  /** Tokens replaced by a rotation, each working until its own grace period ends. */
  integration_retired_tokens: { token_hash: string; integration_id: string; expires_date: Date };
};
