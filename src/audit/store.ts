import type { Insertable } from 'kysely';
import type { Executor } from '../db/connection.ts';
import { pageBy } from '../db/keyset.ts';
import type { Paging } from '../lib/paging.ts';
import type { AuditTables } from './tables.ts';

export function listAudit(db: Executor, teamId: string, paging: Paging) {
  return pageBy(db.selectFrom('audit_log').selectAll().where('team_id', '=', teamId), 'id', paging).execute();
}

export function insertAuditEntry(db: Executor, entry: Insertable<AuditTables['audit_log']>) {
  return db.insertInto('audit_log').values(entry).execute();
}
