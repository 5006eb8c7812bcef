import type { Selectable } from 'kysely';
import type { ApplicationTables } from './tables.ts';

export type ApplicationRow = Selectable<ApplicationTables['applications']>;

export function presentApplication(application: ApplicationRow, secret?: string) {
  return {
    id: application.id,
    team_id: application.team_id,
    name: application.name,
    description: application.description,
    icon_url: application.icon_url,
    redirect_uris: application.redirect_uris,
    webhook_url: application.webhook_url,
    email: application.email,
    identity_link_url: application.identity_link_url,
    requested_permissions: application.requested_permissions,
    secret_hint: application.secret_hint,
    ...(secret ? { secret } : {}),
    created_date: application.created_date.toISOString(),
    updated_date: application.updated_date.toISOString(),
  };
}
