import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';
import type { Role } from '../teams/tables.ts';

export type KeyState = 'active' | 'inactive' | 'deleted';
export type BindingState = 'on' | 'off' | 'allow';
export type ClientType = 'confidential' | 'public';

export type DeveloperKeyTables = {
  developer_keys: {
    /** The OAuth `client_id`. An application's own key has the application's id. */
    id: string;
    application_id: string;
    /** The one team the key works in; null for a global key, owned by the platform. */
    team_id: string | null;
    /** Name, icon and redirect URIs fall back to the application's when null. */
    name: string | null;
    email: string | null;
    icon_url: string | null;
    notes: string | null;
    redirect_uris: Json<string[] | null>;
    scopes: Json<string[]>;
    require_scopes: Generated<boolean>;
    allow_includes: Generated<boolean>;
    client_type: Generated<ClientType>;
    /** Set when the key may use `client_credentials`: the role its tokens act with in its team. */
    client_credentials_role: Role | null;
    /** The member who last set that role; its tokens act with the lower of the two roles. */
    client_credentials_set_by_type: 'user' | 'api_key' | null;
    client_credentials_set_by_id: string | null;
    state: Generated<KeyState>;
    /**
     * Lookup hash of the client secret; null for public clients and for an application's own key
     * (its secret is the application's).
     */
    secret_hash: string | null;
    secret_hint: string | null;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  developer_key_bindings: {
    id: string;
    developer_key_id: string;
    /** Null for the platform's binding, which overrides every team's for a global key. */
    team_id: string | null;
    state: Generated<BindingState>;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
};
