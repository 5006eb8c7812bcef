import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing with the key id in every sealed value, so values sealed under several keys
 * can coexist while `gatehouse keys rotate` moves them to a new one.
 * Format: `sealed:v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url parts). The context (for
 * example `integrations.access_token`) is bound as associated data: a value copied to another
 * column does not open.
 */
export type SealingKey = { id: string; key: Buffer };

export class SealingError extends Error {}

const PREFIX = 'sealed:v1:';

export function seal(key: SealingKey, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
  return `${PREFIX}${key.id}:${parts.join(':')}`;
}

/** The key id a sealed value names. */
export function sealedKeyId(sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new SealingError('not a sealed value');
  return sealed.slice(PREFIX.length).split(':')[0] as string;
}

export function open(key: SealingKey, sealed: string, context: string): string {
  const [id, iv, ciphertext, tag] = sealed.slice(PREFIX.length).split(':');
  if (!sealed.startsWith(PREFIX) || id !== key.id || !iv || ciphertext === undefined || !tag) {
    throw new SealingError('sealed value does not match the key');
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealingError('sealed value failed authentication');
  }
}

/** Parses `kid:hex` or bare hex (key id `master`). */
export function parseKey(text: string): SealingKey {
  const match = /^(?:([A-Za-z0-9_-]{1,32}):)?([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!match) throw new SealingError('a key is 64 hex characters, optionally prefixed by `<id>:`');
  return { id: match[1] ?? 'master', key: Buffer.from(match[2] as string, 'hex') };
}

export function generateKey(id: string): SealingKey {
  return { id, key: randomBytes(32) };
}

export function formatKey(key: SealingKey): string {
  return `${key.id}:${key.key.toString('hex')}`;
}
