import { sql } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { sharedRecords } from '../graph/visibility.ts';

/**
 * Whether the integration's sharing reaches the person. The sharing rules alone decide, not the
 * integration's read permissions: an integration granted only `sso` still signs its people in.
 */
export async function personShared(
  db: Executor,
  integration: { source_id: string; scope: 'all' | 'selected'; targets: string[] },
  personId: string,
) {
  const sharing = { sourceId: integration.source_id, scope: integration.scope, targets: integration.targets };
  const { rows } = await sql`select 1 from (${sharedRecords('people', sharing)}) s where s.id = ${personId}`.execute(
    db,
  );
  return rows.length > 0;
}
