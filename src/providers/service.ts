import type { Static } from 'typebox';
import { recordAudit } from '../audit/service.ts';
import { actorOf, type Member } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { Conflict } from '../lib/errors.ts';
import { providerId, schemaDefaults } from './catalog.ts';
import { presentProvider } from './presenters.ts';
import type { CreateProviderBody } from './schema.ts';
import { findProviderByName, insertProvider, platformTeamId } from './store.ts';

/** A provider added by the platform, without a code change; audited in the platform's team. */
export async function createProvider(ctx: AppContext, member: Member, input: Static<typeof CreateProviderBody>) {
  if (await findProviderByName(ctx.db, input.name)) throw new Conflict(`A provider named ${input.name} exists.`);
  const schema = input.config_schema ?? {};
  return ctx.db.transaction().execute(async (tx) => {
    const provider = await insertProvider(tx, {
      id: providerId(input.name),
      name: input.name,
      title: input.title,
      auth_mode: input.auth_mode,
      authorization_url: input.authorization_url ?? null,
      token_url: input.token_url ?? null,
      scopes: JSON.stringify(input.scopes ?? []),
      pkce: input.pkce ?? false,
      refresh_margin_seconds: input.refresh_margin_seconds ?? 300,
      api_base_urls: JSON.stringify(input.api_base_urls ?? []),
      entity_id_from: input.entity_id_from ? JSON.stringify(input.entity_id_from) : null,
      config_schema: JSON.stringify(schema),
      default_config: JSON.stringify(schemaDefaults(schema)),
    });
    const teamId = await platformTeamId(tx);
    if (teamId)
      await recordAudit(tx, {
        teamId,
        actor: actorOf(member),
        action: 'provider.created',
        target: { type: 'provider', id: provider.id },
        after: presentProvider(provider),
      });
    return provider;
  });
}
