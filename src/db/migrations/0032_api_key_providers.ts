import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/** Where a provider of auth mode `api_key` takes the team's key: a header or a query parameter. */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table providers add column api_key_in jsonb']);
}
