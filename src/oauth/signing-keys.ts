import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { AppContext } from '../context.ts';
import * as store from './signing-key-store.ts';

const ALG = 'RS256';
const CONTEXT = 'oauth_signing_keys.private_jwk';

/** How long an id_token is valid, and so how long a key that stopped signing stays published. */
export const ID_TOKEN_LIFETIME_S = 3600;

export type SigningKey = { kid: string; alg: string; key: CryptoKey | Uint8Array };

/** Private keys opened this process, by their sealed value (which changes when `keys rotate` re-seals it). */
const opened = new Map<string, SigningKey>();

/**
 * The key id_tokens are signed with now. The first is made on first use; its private half is
 * sealed in the database so every server process signs with the same key and the key set
 * lists it once. Rotations (`rotateSigningKey`) decide which key signs when.
 */
export async function currentSigningKey(ctx: AppContext, now = new Date()): Promise<SigningKey> {
  let row = await store.signingRow(ctx.db, now);
  if (!row) {
    await store.insertFirstKey(ctx.db, { ...(await newKey(ctx)), active_date: now });
    // Another process may have made it a moment later than `now`: it is the one to sign with.
    row = (await store.signingRow(ctx.db, now)) ?? (await store.newestRow(ctx.db));
  }
  if (!row) throw new Error('no id_token signing key could be made');
  const cached = opened.get(row.private_jwk);
  if (cached) return cached;
  const jwk = JSON.parse(await ctx.keyring.open(row.private_jwk, CONTEXT)) as JWK;
  const key = { kid: row.kid, alg: row.alg, key: await importJWK(jwk, row.alg) };
  opened.set(row.private_jwk, key);
  return key;
}

/** A fresh key pair: the public half as a JWK named by its thumbprint, the private half sealed. */
export async function newKey(ctx: AppContext) {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: ALG, use: 'sig' };
  const kid = await calculateJwkThumbprint(publicJwk);
  const sealed = await ctx.keyring.seal(JSON.stringify(await exportJWK(privateKey)), CONTEXT);
  return { kid, alg: ALG, public_jwk: JSON.stringify({ ...publicJwk, kid }), private_jwk: sealed };
}

/**
 * The public keys for `/login/oauth2/jwks`: a key published ahead of signing, the signing one,
 * and those that stopped signing less than an id_token's lifetime ago.
 */
export async function publicKeys(ctx: AppContext, now = new Date()): Promise<Record<string, unknown>[]> {
  await currentSigningKey(ctx, now);
  const rows = await store.publishedKeys(ctx.db, new Date(now.getTime() - ID_TOKEN_LIFETIME_S * 1000));
  return rows.map((row) => row.public_jwk);
}
