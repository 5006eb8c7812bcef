import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Type } from 'typebox';
import { Invitation, Member } from '../../src/members/schema.ts';
import { api, type Session } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildTeam, buildUser } from '../helpers/factories.ts';

describe('joining a team takes an invitation the person accepts', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const invite = (team: { team: { id: string }; token: string }, email: string, role = 'admin') =>
    t.call({
      method: 'POST',
      url: `/api/v1/teams/${team.team.id}/invitations`,
      token: team.token,
      payload: { email, role },
    });
  const membersOf = async (team: { team: { id: string }; token: string }) => {
    const members = await api(t, team.token).get(Type.Array(Member), `/api/v1/teams/${team.team.id}/members`);
    return members.map((member) => member.email);
  };
  const invitationsOf = (session: Session) => api(t, session).get(Type.Array(Invitation), '/api/v1/invitations');

  test("an admin cannot add another tenant's user, nor learn whether an email has an account", async () => {
    const mine = await buildTeam(t);
    const theirs = await buildTeam(t);
    const existing = await invite(mine, theirs.user.email);
    const unknown = await invite(mine, 'nobody-at-all@example.test');
    assert.equal(existing.statusCode, 201);
    assert.equal(unknown.statusCode, existing.statusCode);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    assert.deepEqual(shape(existing.json().$data), shape(unknown.json().$data));
    assert.deepEqual(await membersOf(mine), [mine.user.email], 'nobody joined');
    const old = await t.call({
      method: 'PUT',
      url: `/api/v1/teams/${mine.team.id}/members`,
      token: mine.token,
      payload: { email: theirs.user.email, role: 'admin' },
    });
    assert.equal(old.statusCode, 404, 'adding by email is gone');
  });

  test('the invitee sees the invitation when signed in and joins by accepting it; nobody else can', async () => {
    const mine = await buildTeam(t);
    const invitee = await buildTeam(t);
    const bystander = await buildTeam(t);
    const invitation = (await invite(mine, invitee.user.email.toUpperCase(), 'developer')).json().$data;
    assert.deepEqual(await invitationsOf(bystander.session), []);
    const stolen = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${invitation.id}/accept`,
      ...bystander.session,
    });
    assert.equal(stolen.statusCode, 404);
    const byKey = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${invitation.id}/accept`,
      token: invitee.token,
    });
    assert.equal(byKey.statusCode, 401, 'an API key accepts nothing for its user');

    const { session } = invitee;
    assert.deepEqual(
      (await invitationsOf(session)).map((entry) => [entry.id, entry.team_name, entry.role]),
      [[invitation.id, mine.team.name, 'developer']],
    );
    const accepted = await t.call({ method: 'POST', url: `/api/v1/invitations/${invitation.id}/accept`, ...session });
    assert.equal(accepted.statusCode, 200);
    assert.deepEqual((await membersOf(mine)).sort(), [mine.user.email, invitee.user.email].sort());
    const again = await t.call({ method: 'POST', url: `/api/v1/invitations/${invitation.id}/accept`, ...session });
    assert.equal(again.statusCode, 404, 'an invitation is used once');
  });

  test('an invitation can be declined or withdrawn; an admin cannot invite an owner', async () => {
    const mine = await buildTeam(t);
    const admin = await buildTeam(t, { role: 'admin' });
    assert.equal((await invite(admin, 'x@example.test', 'owner')).statusCode, 403);
    const { user, session } = await buildUser(t);
    const declined = (await invite(mine, user.email)).json().$data;
    assert.equal(
      (await t.call({ method: 'DELETE', url: `/api/v1/invitations/${declined.id}`, ...session })).statusCode,
      200,
    );
    const withdrawn = (await invite(mine, user.email)).json().$data;
    const url = `/api/v1/teams/${mine.team.id}/invitations`;
    assert.equal((await t.call({ method: 'GET', url, token: mine.token })).json().$data.length, 1);
    const gone = await t.call({ method: 'DELETE', url: `${url}/${withdrawn.id}`, token: mine.token });
    assert.equal(gone.statusCode, 200);
    const accept = await t.call({ method: 'POST', url: `/api/v1/invitations/${withdrawn.id}/accept`, ...session });
    assert.equal(accept.statusCode, 404);
    const other = await buildTeam(t);
    const foreign = await t.call({ method: 'DELETE', url: `${url}/${withdrawn.id}`, token: other.token });
    assert.equal(foreign.statusCode, 404);
  });
});
