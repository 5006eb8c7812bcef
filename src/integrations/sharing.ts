import type { Executor } from '../db/connection.ts';
import { InvalidRequestBody } from '../lib/errors.ts';
import * as store from './store.ts';

/**
 * Targets belong to scope `selected` and must be schools, classes or courses of the source. Until
 * the source's data arrives there is nothing to check them against; imports check them then.
 */
export async function checkSharing(
  db: Executor,
  sourceId: string,
  sharing: { scope: 'all' | 'selected'; targets: readonly string[] },
): Promise<void> {
  if (sharing.scope === 'all' && sharing.targets.length > 0)
    throw new InvalidRequestBody('body.targets: targets apply only to scope `selected`');
  if (sharing.targets.length === 0 || !(await store.sourceHasOrganizations(db, sourceId))) return;
  const known = await store.knownTargets(db, sourceId, sharing.targets);
  const unknown = sharing.targets.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new InvalidRequestBody(`body.targets: not a school, class or course of this source: ${unknown.join(', ')}`);
}
