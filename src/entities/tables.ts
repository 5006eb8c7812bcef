import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type EntityTables = {
  entities: {
    id: string;
    team_id: string;
    name: string;
    kind: 'district' | 'school' | 'university' | 'company' | 'other';
    identifiers: Json<Array<{ type: string; value: string }>>;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
};
