import type { Selectable } from 'kysely';
import type { SourceTables } from './tables.ts';

type SourceRow = Selectable<SourceTables['sources']>;

export type SsoSettings = { issuer: string; client_id: string; claim: string; identifier: string };

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

/** The issuer settings without the secret, which is only ever said to exist. */
function presentSso(source: SourceRow) {
  const sso = source.sso as SsoSettings | null;
  return sso ? { ...sso, has_client_secret: source.sso_client_secret !== null } : null;
}

/** A source as the management API answers it: with its provider's name and its sign-in issuer. */
export function presentSourceRow(source: SourceRow & { provider_name: string }) {
  return { ...presentSource(source, source.provider_name), sso: presentSso(source) };
}
