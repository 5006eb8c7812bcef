import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type SourceState = 'inactive' | 'active' | 'error' | 'disabled';

export type SourceTables = {
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
};
