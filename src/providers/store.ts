import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { PROVIDERS, providerId, schemaDefaults } from './catalog.ts';
import type { ProviderTables } from './tables.ts';

export type ProviderRow = Selectable<ProviderTables['providers']>;

/**
 * Brings the built-in providers in line with the catalog. The platform's defaults and OAuth
 * client are set through the API and survive.
 */
export async function syncProviders(db: Executor): Promise<void> {
  for (const provider of PROVIDERS) {
    const changes = {
      title: provider.title,
      auth_mode: provider.auth_mode,
      authorization_url: provider.authorization_url,
      token_url: provider.token_url,
      scopes: JSON.stringify(provider.scopes),
      pkce: provider.pkce,
      refresh_margin_seconds: provider.refresh_margin_seconds,
      api_base_urls: JSON.stringify(provider.api_base_urls),
      entity_id_from: provider.entity_id_from ? JSON.stringify(provider.entity_id_from) : null,
      config_schema: JSON.stringify(provider.config_schema),
      default_config: JSON.stringify(schemaDefaults(provider.config_schema)),
      builtin: true,
    };
    await db
      .insertInto('providers')
      .values({ id: providerId(provider.name), name: provider.name, ...changes })
      .onConflict((oc) => oc.column('name').doUpdateSet({ ...changes, updated_date: new Date() }))
      .execute();
  }
}

export function listProviders(db: Executor) {
  return db.selectFrom('providers').selectAll().orderBy('name').execute();
}

export function findProviderByName(db: Executor, name: string) {
  return db.selectFrom('providers').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertProvider(db: Executor, provider: Insertable<ProviderTables['providers']>) {
  await db.insertInto('providers').values(provider).execute();
  return (await findProviderByName(db, provider.name)) as ProviderRow;
}

export async function updateProvider(db: Executor, id: string, changes: Updateable<ProviderTables['providers']>) {
  await db
    .updateTable('providers')
    .set({ ...changes, updated_date: new Date() })
    .where('id', '=', id)
    .execute();
  return (await db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst()) as ProviderRow;
}

export function findProviderById(db: Executor, id: string) {
  return db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The platform's own team, where changes of the platform's defaults are audited. */
