import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Action, allows, canGrant, lower } from '../../src/auth/roles.ts';
import type { Role } from '../../src/teams/tables.ts';

const ROLES: Role[] = ['viewer', 'developer', 'admin', 'owner'];
const ACTIONS: Action[] = ['read', 'develop', 'administer', 'own'];

describe('roles', () => {
  test('each role may do its own action and every one below it, nothing above', () => {
    for (const [rank, role] of ROLES.entries())
      for (const [needed, action] of ACTIONS.entries())
        assert.equal(allows(role, action), rank >= needed, `${role} ${action}`);
  });

  test('a role hands out roles up to its own, and the lower of two roles is the lesser', () => {
    for (const [a, granter] of ROLES.entries())
      for (const [b, granted] of ROLES.entries()) {
        assert.equal(canGrant(granter, granted), a >= b, `${granter} grants ${granted}`);
        assert.equal(lower(granter, granted), ROLES[Math.min(a, b)]);
      }
  });
});
