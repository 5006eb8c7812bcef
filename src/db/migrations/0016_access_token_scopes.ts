import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * A refresh may ask for less than the sign-in granted (RFC 6749 §6): the access token it issues
 * carries its own scopes, while the grant keeps what was consented to, so a later refresh
 * without `scope` gets all of it again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table oauth_grants add column access_scopes jsonb',
    'update oauth_grants set access_scopes = scopes',
    `alter table oauth_grants alter column access_scopes set not null, alter column access_scopes set default '[]'`,
  ]);
}
