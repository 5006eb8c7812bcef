import { InvalidRequestBody } from '../lib/errors.ts';

/**
 * Schemes a browser runs or renders itself rather than handing to an application: a code or a
 * sign-out sent there would execute in, or be shown by, the browser. Native apps' own schemes
 * (`com.example.app:/callback`) stay allowed.
 */
const REFUSED_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'blob', 'file']);

export function isRefusedRedirectUri(uri: string): boolean {
  return REFUSED_SCHEMES.has(uri.slice(0, Math.max(uri.indexOf(':'), 0)).toLowerCase());
}

/** Refuses a key's redirect URIs that name such a scheme, naming the first. */
export function checkRedirectUris(uris: readonly string[] | null | undefined): void {
  const refused = uris?.find(isRefusedRedirectUri);
  if (refused !== undefined)
    throw new InvalidRequestBody(
      `body.redirect_uris: ${refused.split(':')[0]}: URIs cannot receive a sign-in; use https or an app's own scheme`,
    );
}
