import type { Selectable } from 'kysely';
import type { IntegrationTables } from '../integrations/tables.ts';

export function presentProvider(provider: Selectable<IntegrationTables['providers']>) {
  return {
    id: provider.id,
    name: provider.name,
    title: provider.title,
    authorization_url: provider.authorization_url,
    token_url: provider.token_url,
    scopes: provider.scopes,
    default_config: provider.default_config,
  };
}
