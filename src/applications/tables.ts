import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type ApplicationTables = {
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
};
