import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildMember, buildTeam } from '../helpers/teams.ts';

describe('owners', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  type As = { token?: string; cookies?: Record<string, string>; headers?: Record<string, string> };
  const member = (teamId: string, userId: string) => `/api/v1/teams/${teamId}/members/${userId}`;
  const setRole = (as: As, teamId: string, userId: string, role: string) =>
    t.call({ method: 'PATCH', url: member(teamId, userId), ...as, payload: { role } });
  const remove = (as: As, teamId: string, userId: string) =>
    t.call({ method: 'DELETE', url: member(teamId, userId), ...as });
  const roles = async (owner: { team: { id: string }; token: string }) =>
    Object.fromEntries(
      (await t.call({ method: 'GET', url: `/api/v1/teams/${owner.team.id}/members`, token: owner.token }))
        .json()
        .$data.map((entry: { email: string; role: string }) => [entry.email, entry.role]),
    );

  test('an admin can neither demote nor remove an owner, nor make one; the team keeps its owner', async () => {
    const owner = await buildTeam(t);
    const admin = await buildMember(t, owner, 'admin');
    const viewer = await buildMember(t, owner, 'viewer');
    const teamId = owner.team.id;
    for (const response of [
      await setRole(admin.session, teamId, owner.user.id, 'viewer'),
      await remove(admin.session, teamId, owner.user.id),
      await setRole(admin.session, teamId, viewer.user.id, 'owner'),
      await setRole(admin.session, teamId, admin.user.id, 'owner'),
    ]) {
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().$errors[0].code, 'NO_PERMISSION');
    }
    assert.equal((await roles(owner))[owner.user.email], 'owner');
    assert.equal((await setRole(admin.session, teamId, viewer.user.id, 'developer')).statusCode, 200);
    assert.equal((await roles(owner))[viewer.user.email], 'developer');
  });

  test('the last owner can be neither demoted nor removed, not even by themselves', async () => {
    const owner = await buildTeam(t);
    const second = await buildMember(t, owner, 'owner');
    const { session } = second;
    const secondId = second.user.id;
    const secondEmail = second.user.email;
    assert.equal(
      (await setRole(session, owner.team.id, owner.user.id, 'admin')).statusCode,
      200,
      'an owner demotes an owner',
    );
    const last = await setRole(session, owner.team.id, secondId, 'admin');
    assert.equal(last.statusCode, 409);
    assert.match(last.json().$errors[0].message, /last owner/);
    assert.equal((await remove(session, owner.team.id, secondId)).statusCode, 409);
    assert.equal((await remove({ token: owner.token }, owner.team.id, secondId)).statusCode, 409);
    assert.equal((await roles(owner))[secondEmail], 'owner');
  });

  test('two owners demoting each other at once leave one owner', async () => {
    const owner = await buildTeam(t);
    const first = await buildMember(t, owner, 'owner');
    const second = await buildMember(t, owner, 'owner');
    const teamId = owner.team.id;
    await remove({ token: owner.token }, teamId, owner.user.id);
    const answers = await Promise.all([
      setRole(first.session, teamId, second.user.id, 'viewer'),
      setRole(second.session, teamId, first.user.id, 'viewer'),
    ]);
    // The second change finds its caller demoted (403) or its target the last owner (409).
    const [done, refused] = answers.map((answer) => answer.statusCode).sort();
    assert.equal(done, 200);
    assert.ok(refused === 403 || refused === 409, String(refused));
    const owners = Object.values(await roles({ team: owner.team, token: owner.token })).filter(
      (role) => role === 'owner',
    );
    assert.equal(owners.length, 1);
  });

  test('a member may leave; removing someone else needs an admin', async () => {
    const owner = await buildTeam(t);
    const developer = await buildMember(t, owner, 'developer');
    const viewer = await buildMember(t, owner, 'viewer');
    assert.equal((await remove(viewer.session, owner.team.id, developer.user.id)).statusCode, 403);
    assert.equal((await remove(viewer.session, owner.team.id, viewer.user.id)).statusCode, 200);
    assert.equal((await roles(owner))[viewer.user.email], undefined);
  });
});
