import { type Actor, recordAudit } from '../audit/service.ts';
import type { Executor } from '../db/connection.ts';
import type { ImportSummary } from './presenters.ts';

/** Every import, applied or refused, in its source's team's audit log: what it changed, or why not. */
export function auditImport(db: Executor, actor: Actor, teamId: string, summary: ImportSummary) {
  const { id, source_id, state, mode, version, changes, warning_count, error_count } = summary;
  return recordAudit(db, {
    teamId,
    actor,
    action: summary.state === 'succeeded' ? 'import.succeeded' : 'import.failed',
    target: { type: 'import', id },
    after: { id, source_id, state, mode, version, changes, warning_count, error_count },
  });
}
