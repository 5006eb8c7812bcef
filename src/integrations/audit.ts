import { type Actor, auditChange } from '../audit/service.ts';
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
  return auditChange(tx, actor, action, presentIntegration, before, after);
}
