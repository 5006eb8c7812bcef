import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * A rotated integration token keeps working for its own grace period, however many rotations
 * follow it: retired tokens get a table of their own instead of one column pair that the next
 * rotation overwrote.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table integration_retired_tokens (
      token_hash text primary key,
      integration_id uuid not null references integrations(id) on delete cascade,
      expires_date timestamptz not null
    )`,
    'create index integration_retired_tokens_integration on integration_retired_tokens (integration_id)',
    `insert into integration_retired_tokens (token_hash, integration_id, expires_date)
      select previous_token_hash, id, previous_token_expires_date from integrations
      where previous_token_hash is not null and previous_token_expires_date > now()`,
    'alter table integrations drop column previous_token_hash, drop column previous_token_expires_date',
  ]);
}
