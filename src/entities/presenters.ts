import type { Selectable } from 'kysely';
import type { EntityTables } from './tables.ts';

export function presentEntity(entity: Selectable<EntityTables['entities']>) {
  return {
    id: entity.id,
    team_id: entity.team_id,
    name: entity.name,
    kind: entity.kind,
    identifiers: entity.identifiers,
    created_date: entity.created_date.toISOString(),
    updated_date: entity.updated_date.toISOString(),
  };
}
