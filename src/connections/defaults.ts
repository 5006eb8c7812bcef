import type { Static } from 'typebox';
import type { Member } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { writeConfig } from '../providers/config.ts';
import { type ProviderRow, updateProvider } from '../providers/store.ts';
import { CLIENT_SECRET, DEFAULTS_CONTEXT } from './resolve.ts';
import type { DefaultsBody } from './schema.ts';
import { audit } from './service.ts';

/** The platform's defaults as shown: values without secrets, which are only named. */
export function presentDefaults(provider: ProviderRow, secretKeys: string[]) {
  return {
    provider: provider.name,
    config: provider.defaults,
    secret_keys: secretKeys,
    client_id: provider.client_id,
    has_client_secret: provider.client_secret !== null,
  };
}

/**
 * Sets the platform's defaults of a provider (the seed's `scope="global"`): config through the
 * one write path, the OAuth client id, and its secret sealed. `null` resets each.
 */
export async function setDefaults(
  ctx: AppContext,
  member: Member,
  provider: ProviderRow,
  input: Static<typeof DefaultsBody>,
) {
  const config = await writeConfig(
    ctx,
    provider.config_schema,
    { plain: provider.defaults, sealed: provider.secret_defaults },
    input.config ?? {},
    { column: DEFAULTS_CONTEXT, path: 'body.config' },
  );
  const secret =
    input.client_secret === undefined
      ? provider.client_secret
      : input.client_secret === null
        ? null
        : await ctx.keyring.seal(input.client_secret, CLIENT_SECRET);
  return ctx.db.transaction().execute(async (tx) => {
    const after = await updateProvider(tx, provider.id, {
      defaults: config.plain,
      secret_defaults: config.sealed,
      client_secret: secret,
      ...(input.client_id !== undefined ? { client_id: input.client_id } : {}),
    });
    const presented = presentDefaults(after, config.secretKeys);
    await audit(
      tx,
      member,
      { kind: 'global' },
      'provider.defaults_updated',
      { type: 'provider', id: provider.id },
      presented,
    );
    return presented;
  });
}
