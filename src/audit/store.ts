import type { Executor } from '../db/connection.ts';
import { pageBy } from '../lib/listing.ts';
import type { Paging } from '../lib/paging.ts';

export function listAudit(db: Executor, teamId: string, paging: Paging) {
  return pageBy(db.selectFrom('audit_log').selectAll().where('team_id', '=', teamId), 'id', paging).execute();
}
