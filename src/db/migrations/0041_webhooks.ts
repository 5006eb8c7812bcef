import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * Each application's webhook endpoint (its signing secrets, whether it is switched off) and the
 * messages to it, each one row that is its own delivery log entry and its own retry schedule.
 * A message outlives the integration it speaks of: the log keeps what was sent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table webhook_endpoints (
      application_id uuid primary key references applications(id) on delete cascade,
      secret text not null,
      previous_secret text,
      previous_expires_date timestamptz,
      disabled_date timestamptz,
      disabled_reason text,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    `create table webhook_deliveries (
      id uuid primary key,
      application_id uuid not null references applications(id) on delete cascade,
      integration_id uuid,
      topic text not null,
      payload jsonb not null,
      state text not null default 'pending' check (state in ('pending', 'succeeded', 'failed')),
      attempts integer not null default 0,
      step integer not null default 0,
      next_attempt_date timestamptz,
      last_attempt_date timestamptz,
      last_status_code integer,
      last_latency_ms integer,
      last_error text,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create index webhook_deliveries_application on webhook_deliveries (application_id, id)',
    'create index webhook_deliveries_integration on webhook_deliveries (integration_id, topic)',
    "create index webhook_deliveries_due on webhook_deliveries (next_attempt_date) where state = 'pending'",
  ]);
}
