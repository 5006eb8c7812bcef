import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * The one-time verifier an activation message hands an application, kept only as its hash: one
 * per integration, replaced by each new attempt, gone once exchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table integration_verifiers (
      integration_id uuid primary key references integrations(id) on delete cascade,
      verifier_hash text not null unique,
      expires_date timestamptz not null,
      created_date timestamptz not null default now()
    )`,
  ]);
}
