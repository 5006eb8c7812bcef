import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildApiKey, buildMember, buildRoster, buildTeam } from '../helpers/factories.ts';

type Entry = { action: string; actor: { type: string; id: string | null }; before: unknown; after: unknown };

describe('the audit log', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const log = async (teamId: string, token: string): Promise<Entry[]> => {
    const response = await t.call({ method: 'GET', url: `/api/v1/teams/${teamId}/audit?$first=100`, token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().$data;
  };

  test('records who joined, changed role, left, and every API key made or revoked, never a secret', async () => {
    const owner = await buildTeam(t);
    const teamId = owner.team.id;
    const member = await buildMember(t, owner, 'developer');
    const url = `/api/v1/teams/${teamId}/members/${member.user.id}`;
    await t.call({ method: 'PATCH', url, token: owner.token, payload: { role: 'viewer' } });
    await t.call({ method: 'DELETE', url, token: owner.token });
    const made = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/api-keys`,
      token: owner.token,
      payload: { name: 'ci', role: 'admin' },
    });
    const { id: keyId, token: secret } = made.json().$data;
    await t.call({ method: 'DELETE', url: `/api/v1/teams/${teamId}/api-keys/${keyId}`, token: owner.token });

    const entries = await log(teamId, owner.token);
    assert.deepEqual(
      entries.map((entry) => entry.action),
      [
        'api_key.created',
        'member.invited',
        'member.joined',
        'member.role_changed',
        'member.removed',
        'api_key.created',
        'api_key.revoked',
      ],
    );
    const changed = entries[3] as Entry;
    assert.deepEqual(
      [changed.before, changed.after],
      [
        { user_id: member.user.id, role: 'developer' },
        { user_id: member.user.id, role: 'viewer' },
      ],
    );
    assert.equal((entries[2] as Entry).actor.id, member.user.id, 'the invitee accepted it themselves');
    assert.ok(!JSON.stringify(entries).includes(secret), 'the API key itself is never logged');
    assert.ok(!JSON.stringify(entries).includes('token_hash'));
  });

  test('records entity changes and imports; a viewer reads it, another team gets 404', async () => {
    const { team, token } = await buildRoster(t, { schools: 1, studentsPerSchool: 5 });
    const entity = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${team.id}/entities`,
      token,
      payload: { name: 'Springfield', kind: 'district' },
    });
    const entityUrl = `/api/v1/entities/${entity.json().$data.id}`;
    await t.call({ method: 'PATCH', url: entityUrl, token, payload: { name: 'Shelbyville' } });
    await t.call({ method: 'DELETE', url: entityUrl, token });

    const viewer = await buildApiKey(t, { team, token }, 'viewer');
    const entries = await log(team.id, viewer);
    const actions = entries.map((entry) => entry.action);
    for (const action of ['entity.created', 'entity.updated', 'entity.deleted', 'import.succeeded'])
      assert.ok(actions.includes(action), `${action} in ${actions}`);
    const renamed = entries.find((entry) => entry.action === 'entity.updated') as Entry;
    assert.deepEqual(
      [(renamed.before as { name: string }).name, (renamed.after as { name: string }).name],
      ['Springfield', 'Shelbyville'],
    );
    const imported = entries.find((entry) => entry.action === 'import.succeeded') as Entry;
    assert.equal((imported.after as { changes: { people: { created: number } } }).changes.people.created > 0, true);

    const other = await buildTeam(t);
    const foreign = await t.call({ method: 'GET', url: `/api/v1/teams/${team.id}/audit`, token: other.token });
    assert.equal(foreign.statusCode, 404);
  });
});
