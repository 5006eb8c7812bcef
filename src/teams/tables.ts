import type { Generated } from 'kysely';

export type Role = 'owner' | 'admin' | 'developer' | 'viewer';

export type TeamsTables = {
  teams: {
    id: string;
    name: string;
    kind: Generated<'organization' | 'developer' | 'platform'>;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  users: {
    id: string;
    email: string;
    name: string | null;
    password_hash: string;
    platform_admin: Generated<boolean>;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  memberships: { team_id: string; user_id: string; role: Role; created_date: Generated<Date> };
  user_sessions: { id: string; token_hash: string; user_id: string; created_date: Generated<Date>; expires_date: Date };
  api_keys: {
    id: string;
    team_id: string;
    name: string;
    role: Role;
    token_hash: string;
    hint: string;
    created_date: Generated<Date>;
    last_used_date: Date | null;
    revoked_date: Date | null;
  };
};
