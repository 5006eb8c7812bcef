import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { AppContext } from '../context.ts';

const ALG = 'RS256';
const CONTEXT = 'oauth_signing_keys.private_jwk';

export type SigningKey = { kid: string; alg: string; key: CryptoKey | Uint8Array };

/** Private keys opened this process, by their sealed value (which changes when `keys rotate` re-seals it). */
const opened = new Map<string, SigningKey>();

/**
 * The key id_tokens are signed with. Made on first use; its private half is sealed in the
 * database so every server process signs with the same key and JWKS lists it once. A unique
 * index on the current key settles two processes creating one at the same moment.
 */
export async function currentSigningKey(ctx: AppContext): Promise<SigningKey> {
  const row = (await currentRow(ctx)) ?? (await createKey(ctx));
  const cached = opened.get(row.private_jwk);
  if (cached) return cached;
  const jwk = JSON.parse(await ctx.keyring.open(row.private_jwk, CONTEXT)) as JWK;
  const key = { kid: row.kid, alg: row.alg, key: await importJWK(jwk, row.alg) };
  opened.set(row.private_jwk, key);
  return key;
}

function currentRow(ctx: AppContext) {
  return ctx.db.selectFrom('oauth_signing_keys').selectAll().where('retired_date', 'is', null).executeTakeFirst();
}

async function createKey(ctx: AppContext) {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: ALG, use: 'sig' };
  const kid = await calculateJwkThumbprint(publicJwk);
  const sealed = await ctx.keyring.seal(JSON.stringify(await exportJWK(privateKey)), CONTEXT);
  await ctx.db
    .insertInto('oauth_signing_keys')
    .values({ kid, alg: ALG, public_jwk: JSON.stringify({ ...publicJwk, kid }), private_jwk: sealed })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await currentRow(ctx)) as NonNullable<Awaited<ReturnType<typeof currentRow>>>;
}

/** The public keys for `/login/oauth2/jwks`: the current one and retired ones still verifying older id_tokens. */
export async function publicKeys(ctx: AppContext): Promise<Record<string, unknown>[]> {
  await currentSigningKey(ctx);
  const rows = await ctx.db
    .selectFrom('oauth_signing_keys')
    .select('public_jwk')
    .orderBy('created_date', 'desc')
    .execute();
  return rows.map((row) => row.public_jwk);
}
