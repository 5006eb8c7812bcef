import { InvalidRequestBody } from '../lib/errors.ts';
import type { Issues } from './issues.ts';
import { heldCount, KINDS, removedCount } from './store/plan.ts';
import { fileOfKind, type ImportScope } from './store/references.ts';

export const DEFAULT_MAX_REMOVAL_PERCENT = 50;
const SETTING = 'max_removal_percent';

/** The share of a kind's records one bulk import may remove: the source's `max_removal_percent`, else 50. */
export function maxRemovalPercent(config: Record<string, unknown>): number {
  const value = config[SETTING];
  if (value === undefined || value === null) return DEFAULT_MAX_REMOVAL_PERCENT;
  if (typeof value !== 'number' || !(value >= 0 && value <= 100))
    throw new InvalidRequestBody(
      `The source's config '${SETTING}' must be a number from 0 to 100; it is ${JSON.stringify(value)}.`,
    );
  return value;
}

/**
 * A bulk file replaces its kind, so an export cut short (a `users.csv` holding only its header)
 * would remove every person and their enrollments. Rostering hubs refuse such an import past a
 * share of each kind's records; this does too, naming the file, the kind, how many, and how to
 * apply it anyway. Records that go only because their class or person goes are not counted.
 */
export async function refuseMassRemovals(
  scope: ImportScope,
  issues: Issues,
  limit: { percent: number; allowed: boolean },
): Promise<void> {
  if (limit.allowed) return;
  for (const kind of KINDS) {
    if (scope.mode(kind) !== 'bulk') continue;
    const held = await heldCount(scope, kind);
    if (held === 0) continue;
    const removing = await removedCount(scope, kind);
    const share = (removing / held) * 100;
    if (share <= limit.percent) continue;
    issues.error(
      { file: fileOfKind(kind) },
      `the import would remove ${removing} of the source's ${held} ${kind} (${Math.round(share)}%), more than the ` +
        `${limit.percent}% one bulk import may remove; if that is intended, import again with --allow-removals ` +
        '(or the upload field allow_removals=true)',
    );
  }
}
