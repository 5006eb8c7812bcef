import { type Actor, recordAudit } from '../audit/service.ts';
import type { Executor } from '../db/connection.ts';
import { presentIntegration } from './presenters.ts';
import type * as store from './store.ts';

/** One audit entry for a change of an integration. */
export function audit(
  tx: Executor,
  actor: Actor,
  action: string,
  before: store.IntegrationView | undefined,
  after: store.IntegrationView | undefined,
) {
  const record = (after ?? before) as store.IntegrationView;
  return recordAudit(tx, {
    teamId: record.team_id,
    actor,
    action,
    target: { type: 'integration', id: record.id },
    before: before ? presentIntegration(before) : null,
    after: after ? presentIntegration(after) : null,
  });
}
