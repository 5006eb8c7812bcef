import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * Who started a connect flow, so the connection it completes is audited under them: the browser
 * coming back from the provider carries no credential of ours. Flows already under way at the
 * upgrade (ten minutes at most) complete as the system's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    "alter table connection_states add column actor_type text not null default 'system', add column actor_id text",
    'alter table connection_states alter column actor_type drop default',
  ]);
}
