import { NoPermission } from '../lib/errors.ts';
import { type PermissionName, permissionNames } from '../permissions/catalog.ts';
import type { GraphKind } from './tables.ts';

/**
 * Who reads the graph: an integration, by its access token (Graph API) or through one of its
 * people (User API, which narrows further). Everything below takes a viewer, never a request.
 */
export type Viewer = {
  /** Null for an organization reading its own source, which has no feed and no token to prove. */
  integrationId: string | null;
  sourceId: string;
  /** The shared view a `selected` integration reads, null when it reads its whole source (`all`). */
  viewId: string | null;
  /** Scope `all`: the source itself is the view. */
  whole: boolean;
  permissions: ReadonlySet<PermissionName>;
  /** The permission-gated field groups the integration sees, as a bit mask (`CONTACT`, `DEMOGRAPHICS`). */
  gates: number;
  /**
   * Set when the token was not checked before the request's reads: each read proves it in its
   * own statement (the token, the status now, the same sharing and permissions) or fails with
   * `StaleViewer`, and the token is checked afresh.
   */
  proof?: { tokenHash: string; permissions: readonly string[] };
};

/** A read whose viewer no longer holds: the token, status, sharing or permissions changed since it was seen. */
export class StaleViewer extends Error {}

/** The bits of `Viewer.gates`. */
export const CONTACT = 1;
export const DEMOGRAPHICS = 2;

/** The permission without which a kind is neither listed nor in the integration's view (nor its events). */
export const KIND_PERMISSION: Readonly<Record<GraphKind, PermissionName>> = {
  districts: 'organizations:read',
  schools: 'organizations:read',
  courses: 'organizations:read',
  classes: 'organizations:read',
  sections: 'organizations:read',
  sessions: 'terms:read',
  people: 'people:read',
  enrollments: 'enrollments:read',
  agents: 'agents:read',
};

function gatesOf(permissions: ReadonlySet<PermissionName>): number {
  return (
    (permissions.has('people:contact') ? CONTACT : 0) | (permissions.has('people:demographics') ? DEMOGRAPHICS : 0)
  );
}

/** The permissions granted and the field gates they open. */
export function reachOf(granted: readonly string[]): Pick<Viewer, 'permissions' | 'gates'> {
  const permissions = permissionNames(granted);
  return { permissions, gates: gatesOf(permissions) };
}

export function viewerOf(integration: {
  id: string;
  source_id: string;
  scope: 'all' | 'selected';
  view_id: string | null;
  permissions: readonly string[];
}): Viewer {
  return {
    integrationId: integration.id,
    sourceId: integration.source_id,
    viewId: integration.view_id,
    whole: integration.scope === 'all',
    ...reachOf(integration.permissions),
  };
}

const SOURCE_READS: ReadonlySet<PermissionName> = new Set([...Object.values(KIND_PERMISSION), 'people:contact']);

/**
 * An organization reading its own source, as its administrators browse it: every record and
 * contact details (they pick sharing targets and recognise people by them), no demographics.
 */
export function sourceViewer(sourceId: string): Viewer {
  return { integrationId: null, sourceId, viewId: null, whole: true, permissions: SOURCE_READS, gates: CONTACT };
}

/** Refuses with NO_PERMISSION, naming what is missing, unless every one of `names` is granted. */
export function requirePermissions(viewer: Viewer, names: readonly PermissionName[]): void {
  const missing = names.filter((name) => !viewer.permissions.has(name));
  if (missing.length > 0)
    throw new NoPermission(`This integration has not been granted ${missing.join(', ')}, which this endpoint needs.`);
}
