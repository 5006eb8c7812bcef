import { InvalidRequestBody } from '../lib/errors.ts';
import { missingParents, permissionById } from './catalog.ts';

/**
 * A set of permission ids must name catalog entries and hold the parents of each;
 * the error names what is wrong so the caller can fix the request in one go.
 */
export function checkPermissionSet(ids: readonly string[], field: string): void {
  const unknown = ids.filter((id) => !permissionById(id));
  if (unknown.length > 0)
    throw new InvalidRequestBody(
      `${field}: unknown permission ids ${unknown.join(', ')}; GET /api/v1/permissions lists them`,
    );
  const missing = missingParents(ids);
  if (missing.length > 0) throw new InvalidRequestBody(`${field}: missing parent permissions ${missing.join(', ')}`);
}

/** A grant must stay within what the application requested. */
export function checkWithinRequested(granted: readonly string[], requested: readonly string[], field: string): void {
  const allowed = new Set(requested.map((id) => id.toLowerCase()));
  const extra = granted.filter((id) => !allowed.has(id.toLowerCase()));
  if (extra.length > 0) {
    const names = extra.map((id) => permissionById(id)?.name ?? id);
    throw new InvalidRequestBody(`${field}: the application did not request ${names.join(', ')}`);
  }
}
