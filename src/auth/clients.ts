import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { findKey, type KeyView } from '../developer-keys/store.ts';
import { InvalidClient, InvalidRequest } from '../lib/oauth-errors.ts';
import { lookupHash, safeEqual } from '../lib/tokens.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An active key by client id; anything else (missing, malformed, unknown, inactive, deleted) is
 * the same `unknown client`.
 */
export async function findClient(ctx: AppContext, clientId: string | undefined): Promise<KeyView> {
  const key = clientId && UUID.test(clientId) ? await findKey(ctx.db, clientId.toLowerCase()) : undefined;
  if (key?.state !== 'active') throw new InvalidClient('unknown client');
  return key;
}

export type ClientCredentials = { clientId: string | undefined; clientSecret: string | undefined };

/** `client_secret_basic` (RFC 6749 §2.3.1: both parts form-encoded) or `client_secret_post`; never both. */
export function readClientCredentials(
  request: FastifyRequest,
  body: { client_id?: string; client_secret?: string },
): ClientCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!basic) return { clientId: body.client_id, clientSecret: body.client_secret };
  if (body.client_secret !== undefined) throw new InvalidRequest('Use one client authentication method, not both.');
  const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new InvalidClient('invalid client');
  const [id, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)].map(formDecode);
  if (body.client_id !== undefined && body.client_id !== id)
    throw new InvalidRequest('client_id differs from the one in the Authorization header.');
  return { clientId: id, clientSecret: secret };
}

/**
 * The client of a token-endpoint request, authenticated: a confidential client by its secret
 * (compared in constant time), a public client by having none.
 */
export async function authenticateClient(ctx: AppContext, credentials: ClientCredentials): Promise<KeyView> {
  const key = await findClient(ctx, credentials.clientId);
  if (key.client_type === 'public') {
    if (credentials.clientSecret) throw new InvalidClient('invalid client');
    return key;
  }
  if (!credentials.clientSecret || !secretMatches(key, credentials.clientSecret))
    throw new InvalidClient('invalid client');
  return key;
}

function formDecode(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    throw new InvalidClient('invalid client');
  }
}

/**
 * Whether a secret is the key's: its own client secret, or the application secret for the
 * application's own key. Compared in constant time; a public client has none.
 */
export function secretMatches(key: KeyView, presented: string): boolean {
  const expected = key.id === key.application_id ? key.application_secret_hash : key.secret_hash;
  return expected !== null && safeEqual(lookupHash(presented), expected);
}
