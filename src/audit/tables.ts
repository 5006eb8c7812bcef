import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type AuditTables = {
  audit_log: {
    id: string;
    team_id: string;
    actor_type: string;
    actor_id: string | null;
    action: string;
    target_type: string;
    target_id: string;
    before: Json<Record<string, unknown> | null>;
    after: Json<Record<string, unknown> | null>;
    created_date: Generated<Date>;
  };
};
