import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Team, User } from '../../src/teams/schema.ts';
import { api } from './api.ts';
import { createTestApp, type TestApp } from './app.ts';
import { buildTeam } from './factories.ts';

describe('the typed test client', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test("answers `$data` typed by the route's schema, and fails a test whose schema does not fit", async () => {
    const owner = await buildTeam(t, { name: 'Typed' });
    const team = await api(t, owner.token).get(Team, `/api/v1/teams/${owner.team.id}`);
    assert.equal(team.name, 'Typed');
    await assert.rejects(api(t, owner.token).get(User, `/api/v1/teams/${owner.team.id}`), /does not match its schema/);
    await assert.rejects(
      api(t, owner.token).get(Team, '/api/v1/teams/00000000-0000-4000-8000-000000000000'),
      /NOT_FOUND/,
    );
  });
});
