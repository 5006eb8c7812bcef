import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * id_token signing keys rotate: a new key is published ahead of the moment it starts signing
 * (`active_date`), and the key it replaces stops signing then (`retired_date`, set when the
 * rotation starts) while staying published until the id_tokens it signed have expired.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table oauth_signing_keys add column active_date timestamptz',
    'update oauth_signing_keys set active_date = created_date',
    'alter table oauth_signing_keys alter column active_date set not null, alter column active_date set default now()',
  ]);
}
