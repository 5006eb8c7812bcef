import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * Failed sign-ins, counted per account and per client address in the database so that every
 * server process on it shares one count (the layout the rate limiter library expects).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table sign_in_failures (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`,
  ]);
}
