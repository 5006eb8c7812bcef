import type { AppContext } from '../context.ts';
import { InvalidRequestBody } from '../lib/errors.ts';
import { schemaDefaults } from './catalog.ts';
import type { ConfigField } from './tables.ts';

/** A level of config as stored: plain values as JSON, `secret` values sealed together in one column. */
export type StoredConfig = { plain: Record<string, unknown>; sealed: string | null };
/** The same level opened. */
export type OpenConfig = { plain: Record<string, unknown>; secrets: Record<string, string> };

const CHECKS: Record<ConfigField['type'], (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  secret: (value) => typeof value === 'string' && value !== '',
  int: (value) => Number.isSafeInteger(value),
  bool: (value) => typeof value === 'boolean',
  json: () => true,
};

export function secretKeys(schema: Record<string, ConfigField>): string[] {
  return Object.keys(schema).filter((key) => schema[key]?.type === 'secret');
}

export async function openConfig(ctx: AppContext, stored: StoredConfig, context: string): Promise<OpenConfig> {
  const secrets = stored.sealed ? JSON.parse(await ctx.keyring.open(stored.sealed, context)) : {};
  return { plain: stored.plain, secrets };
}

/**
 * The one way config is written, for the platform's defaults and for a team's overrides alike:
 * every key must be in the provider's schema with a value of its type; `null` resets a key to
 * the level below; `secret` values are sealed, never kept beside the plain ones.
 */
export async function writeConfig(
  ctx: AppContext,
  schema: Record<string, ConfigField>,
  current: StoredConfig,
  changes: Record<string, unknown>,
  context: { column: string; path: string },
): Promise<{ plain: string; sealed: string | null; secretKeys: string[] }> {
  const open = await openConfig(ctx, current, context.column);
  const plain = { ...open.plain };
  const secrets = { ...open.secrets };
  for (const [key, value] of Object.entries(changes)) {
    const field = schema[key];
    if (!field) {
      const known = Object.keys(schema).join(', ') || 'none';
      throw new InvalidRequestBody(`${context.path}.${key}: not in the provider's config schema (keys: ${known})`);
    }
    delete plain[key];
    delete secrets[key];
    if (value === null) continue;
    if (!CHECKS[field.type](value)) throw new InvalidRequestBody(`${context.path}.${key}: must be a ${field.type}`);
    if (field.type === 'secret') secrets[key] = value as string;
    else plain[key] = value;
  }
  const sealed =
    Object.keys(secrets).length > 0 ? await ctx.keyring.seal(JSON.stringify(secrets), context.column) : null;
  return { plain: JSON.stringify(plain), sealed, secretKeys: Object.keys(secrets) };
}

/** Schema defaults ← platform defaults ← team overrides, secrets opened. */
export function mergeConfig(schema: Record<string, ConfigField>, ...levels: OpenConfig[]): Record<string, unknown> {
  const merged: Record<string, unknown> = schemaDefaults(schema);
  for (const level of levels) Object.assign(merged, level.plain, level.secrets);
  return merged;
}

/** The required keys the merged config still lacks. */
export function missingKeys(schema: Record<string, ConfigField>, merged: Record<string, unknown>): string[] {
  return Object.keys(schema).filter((key) => schema[key]?.required && (merged[key] ?? null) === null);
}
