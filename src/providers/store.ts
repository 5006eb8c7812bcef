import type { Executor } from '../db/connection.ts';
import { PROVIDERS, providerId } from './catalog.ts';

/** Brings the providers table in line with the built-in catalog. */
export async function syncProviders(db: Executor): Promise<void> {
  for (const provider of PROVIDERS) {
    const row = {
      ...provider,
      id: providerId(provider.name),
      scopes: JSON.stringify(provider.scopes),
      default_config: JSON.stringify(provider.default_config),
    };
    const { id: _id, name: _name, ...changes } = row;
    await db
      .insertInto('providers')
      .values(row)
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
