import type { Role } from '../teams/tables.ts';

/**
 * What each role may do inside its team. Higher roles include everything below them:
 * viewer reads; developer also manages applications and developer keys; admin also manages
 * sources, integrations, imports and members; owner also manages API keys and the team itself.
 */
const RANK: Record<Role, number> = { viewer: 0, developer: 1, admin: 2, owner: 3 };

export type Action = 'read' | 'develop' | 'administer' | 'own';

const NEEDS: Record<Action, Role> = { read: 'viewer', develop: 'developer', administer: 'admin', own: 'owner' };

export function allows(role: Role, action: Action): boolean {
  return RANK[role] >= RANK[NEEDS[action]];
}

/** A role may only hand out roles up to its own. */
export function canGrant(granter: Role, granted: Role): boolean {
  return RANK[granter] >= RANK[granted];
}

/** The lesser of two roles. */
export function lower(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
