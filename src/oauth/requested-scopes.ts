import type { KeyView } from '../developer-keys/store.ts';
import { INVALID_SCOPE_DESCRIPTION, InvalidScope } from '../lib/oauth-errors.ts';

/** OpenID Connect scopes: about who signed in, not about endpoints, so a key never has to list them. */
export const IDENTITY_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email']);

/** Space-separated, duplicates dropped (RFC 6749 §3.3); Canvas's `scopes` alias is read when `scope` is absent. */
export function parseScope(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(' ').filter((scope) => scope.length > 0))];
}

const list = new Intl.ListFormat('en', { type: 'conjunction' });

/**
 * What a key may be granted, as in Canvas: every scope must exist, and a key that
 * requires scopes needs a non-empty request within its own list. An unscoped key's tokens keep
 * the `url:` scopes they ask for but are not held to them.
 */
export function checkRequestedScopes(
  requested: readonly string[],
  key: Pick<KeyView, 'require_scopes' | 'scopes'>,
  known: { has(scope: string): boolean },
): void {
  const refused = requested.filter(
    (scope) =>
      !IDENTITY_SCOPES.has(scope) && (!known.has(scope) || (key.require_scopes && !key.scopes.includes(scope))),
  );
  if (refused.length > 0) throw new InvalidScope(`${INVALID_SCOPE_DESCRIPTION} ${list.format(refused)}`);
  if (key.require_scopes && requested.length === 0)
    throw new InvalidScope(`${INVALID_SCOPE_DESCRIPTION} (none were requested; this key requires scopes)`);
}

/**
 * The scopes a refresh issues: without `scope`, all the sign-in granted; a narrower set when
 * asked; anything beyond the grant is refused rather than silently dropped (RFC 6749 §6).
 */
export function refreshScopes(granted: readonly string[], text: string | undefined): string[] {
  if (!text) return [...granted];
  const requested = parseScope(text);
  const beyond = requested.filter((scope) => !granted.includes(scope));
  if (beyond.length > 0) throw new InvalidScope(`${INVALID_SCOPE_DESCRIPTION} ${list.format(beyond)}`);
  return requested;
}
