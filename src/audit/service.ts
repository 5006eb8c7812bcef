import { v7 } from 'uuid';
import type { Executor } from '../db/connection.ts';
import { insertAuditEntry } from './store.ts';

/** Who did something: a principal's kind and id, or the system itself (scheduled work). */
export type Actor = { type: string; id: string | null };

export const SYSTEM: Actor = { type: 'system', id: null };

export type AuditEntry = {
  teamId: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string };
  /** Presented records, never holding secrets. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/**
 * Records one change, in the caller's transaction so the entry exists exactly when the change does.
 * Ids are UUIDv7, so paging by id reads the log in time order.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(db, {
    id: v7(),
    team_id: entry.teamId,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    action: entry.action,
    target_type: entry.target.type,
    target_id: entry.target.id,
    before: entry.before ? JSON.stringify(entry.before) : null,
    after: entry.after ? JSON.stringify(entry.after) : null,
  });
}

/**
 * A change of one of a team's records: created (no `before`), deleted (no `after`) or changed,
 * each side as `present` shows it to the API, which never holds a secret.
 */
export function auditChange<T extends { id: string; team_id: string }>(
  tx: Executor,
  actor: Actor,
  action: string,
  present: (record: T) => Record<string, unknown>,
  before: T | undefined,
  after: T | undefined,
): Promise<void> {
  const record = (after ?? before) as T;
  return recordAudit(tx, {
    teamId: record.team_id,
    actor,
    action,
    target: { type: action.slice(0, action.indexOf('.')), id: record.id },
    before: before ? present(before) : null,
    after: after ? present(after) : null,
  });
}
