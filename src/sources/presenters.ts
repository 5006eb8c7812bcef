import type { Selectable } from 'kysely';
import type { SourceTables } from './tables.ts';

type SourceRow = Selectable<SourceTables['sources']>;

export function presentSource(source: SourceRow, providerName: string) {
  return {
    id: source.id,
    team_id: source.team_id,
    name: source.name,
    provider: providerName,
    state: source.state,
    entity_id: source.entity_id,
    external_entity_id: source.external_entity_id,
    external_entity_name: source.external_entity_name,
    config: source.config,
    has_credentials: source.credentials !== null,
    created_date: source.created_date.toISOString(),
    updated_date: source.updated_date.toISOString(),
  };
}
