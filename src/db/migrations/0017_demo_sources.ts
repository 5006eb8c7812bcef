import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * The demo district's source, marked when the demo seeds it: the only source whose people the
 * demo person picker offers. Its people are generated, so picking one impersonates nobody.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table sources add column demo boolean not null default false']);
}
