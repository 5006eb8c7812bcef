import type { Selectable } from 'kysely';
import type { IntegrationTables } from '../integrations/tables.ts';

type IntegrationRow = Selectable<IntegrationTables['integrations']>;

/** `/my/integration`: the integration as Edlink's User API answers it, without the access token. */
export function presentMyIntegration(integration: IntegrationRow) {
  return {
    id: integration.id,
    created_date: integration.created_date.toISOString(),
    updated_date: integration.updated_date.toISOString(),
    state: integration.status,
    permissions: integration.permissions,
    scope: integration.scope,
    district_sharing: integration.scope,
    developer_sharing: 'all',
    district_licensing_enabled: false,
    start_date: integration.start_date?.toISOString() ?? null,
    end_date: integration.end_date?.toISOString() ?? null,
    locked: false,
    application_id: integration.application_id,
    source_id: integration.source_id,
    destination_id: null,
    region_id: null,
  };
}

/** `/my/source`: the person's source with its provider nested. */
export function presentMySource(
  source: { id: string; name: string; state: string; created_date: Date; updated_date: Date },
  provider: { id: string; name: string; title: string },
) {
  return {
    id: source.id,
    created_date: source.created_date.toISOString(),
    updated_date: source.updated_date.toISOString(),
    name: source.name,
    state: source.state,
    provider: { id: provider.id, name: provider.name, title: provider.title },
  };
}
