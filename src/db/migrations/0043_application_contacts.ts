import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * Who answers for an application, and where an organization's administrator is sent after
 * approving an integration of it (Magento's identity link): both optional, as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table applications add column email text, add column identity_link_url text']);
}
