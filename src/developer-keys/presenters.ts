import type { Selectable } from 'kysely';
import { isRefusedRedirectUri } from './redirect-uris.ts';
import type { KeyView } from './store.ts';
import type { DeveloperKeyTables } from './tables.ts';

type BindingRow = Selectable<DeveloperKeyTables['developer_key_bindings']>;

/** Name, icon and redirect URIs fall back to the application's. */
export function effectiveRedirectUris(key: KeyView): string[] {
  return key.redirect_uris ?? key.application_redirect_uris;
}

/** Where a browser may be sent back to: never a scheme it would run (a URI stored before those were refused). */
export function signInRedirectUris(key: KeyView): string[] {
  return effectiveRedirectUris(key).filter((uri) => !isRefusedRedirectUri(uri));
}

export function presentBinding(binding: BindingRow, teamId: string | null) {
  return {
    id: binding.id,
    team_id: binding.team_id,
    developer_key_id: binding.developer_key_id,
    state: binding.state,
    team_owns_binding: binding.team_id !== null && binding.team_id === teamId,
  };
}

export function presentKey(
  key: KeyView,
  extra: { secret?: string; binding?: ReturnType<typeof presentBinding> | null } = {},
) {
  return {
    id: key.id,
    client_id: key.id,
    application_id: key.application_id,
    team_id: key.team_id,
    global: key.team_id === null,
    primary: key.id === key.application_id,
    name: key.name ?? key.application_name,
    email: key.email,
    icon_url: key.icon_url ?? key.application_icon_url,
    notes: key.notes,
    redirect_uris: effectiveRedirectUris(key),
    scopes: key.scopes,
    require_scopes: key.require_scopes,
    allow_includes: key.allow_includes,
    client_type: key.client_type,
    client_credentials_role: key.client_credentials_role,
    state: key.state,
    secret_hint: key.secret_hint,
    ...(extra.secret ? { client_secret: extra.secret } : {}),
    ...(extra.binding === undefined ? {} : { binding: extra.binding }),
    created_date: key.created_date.toISOString(),
    updated_date: key.updated_date.toISOString(),
  };
}

export function presentInheritedKey(key: KeyView, binding: ReturnType<typeof presentBinding> | null) {
  return {
    id: key.id,
    client_id: key.id,
    application_id: key.application_id,
    global: true,
    name: key.name ?? key.application_name,
    icon_url: key.icon_url ?? key.application_icon_url,
    scopes: key.scopes,
    require_scopes: key.require_scopes,
    allow_includes: key.allow_includes,
    client_type: key.client_type,
    state: key.state,
    binding,
  };
}
