import type { IntegrationView } from './store.ts';

/** The v1 Integration object. `accessToken` is given only to the application's own developer API. */
export function presentIntegration(row: IntegrationView, accessToken?: string) {
  return {
    id: row.id,
    created_date: row.created_date.toISOString(),
    updated_date: row.updated_date.toISOString(),
    permissions: row.permissions,
    scope: row.scope,
    targets: row.targets,
    status: row.status,
    pending_permissions: row.pending_permissions,
    pending_date: row.pending_date?.toISOString() ?? null,
    start_date: row.start_date?.toISOString() ?? null,
    end_date: row.end_date?.toISOString() ?? null,
    ...(accessToken === undefined ? {} : { access_token: accessToken }),
    application: {
      id: row.application_id,
      name: row.application_name,
      description: row.application_description,
      icon_url: row.application_icon_url,
    },
    source: source(row),
    team: { id: row.team_id, name: row.team_name },
    provider:
      row.provider_id === null
        ? null
        : { id: row.provider_id, name: row.provider_name as string, title: row.provider_title as string },
    entity:
      row.entity_id === null
        ? null
        : {
            id: row.entity_id,
            name: row.entity_name as string,
            kind: row.entity_kind as string,
            identifiers: row.entity_identifiers ?? [],
          },
  };
}

function source(row: IntegrationView) {
  if (row.source_id === null) return null;
  return {
    id: row.source_id,
    name: row.source_name as string,
    state: row.source_state as string,
    created_date: (row.source_created_date as Date).toISOString(),
    updated_date: (row.source_updated_date as Date).toISOString(),
  };
}
