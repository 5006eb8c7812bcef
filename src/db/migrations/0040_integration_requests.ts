import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * An integration a developer team requests (Edlink's `requested`) has no source until the
 * organization approves it and picks one; every other integration keeps its source. What an
 * application asks an organization to approve, first or again after its request grew, waits in
 * `pending_permissions` while the grant in force stays as it was.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statuses = "('requested', 'inactive', 'active', 'disabled')";
  await runStatements(db, [
    `alter table integrations drop constraint integrations_status_check,
      add constraint integrations_status_check check (status in ${statuses})`,
    `alter table integrations drop constraint integrations_requested_status_check,
      add constraint integrations_requested_status_check check (requested_status in ${statuses})`,
    'alter table integrations alter column source_id drop not null',
    `alter table integrations add constraint integrations_source_unless_requested
      check (source_id is not null or requested_status = 'requested')`,
    'alter table integrations add column pending_permissions jsonb, add column pending_date timestamptz',
  ]);
}
