import type { Selectable } from 'kysely';
import type { TeamsTables } from './tables.ts';

export function presentTeam(team: Selectable<TeamsTables['teams']>) {
  return {
    id: team.id,
    name: team.name,
    kind: team.kind,
    created_date: team.created_date.toISOString(),
    updated_date: team.updated_date.toISOString(),
  };
}

export function presentUser(user: { id: string; email: string; name: string | null; platform_admin: boolean }) {
  return { id: user.id, email: user.email, name: user.name, platform_admin: user.platform_admin };
}

export function presentApiKey(key: Selectable<TeamsTables['api_keys']>, token?: string) {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    hint: key.hint,
    created_date: key.created_date.toISOString(),
    last_used_date: key.last_used_date?.toISOString() ?? null,
    ...(token ? { token } : {}),
  };
}
