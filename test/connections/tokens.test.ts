import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findToken } from '../../src/connections/store.ts';
import { isDue, openToken, saveTokens } from '../../src/connections/tokens.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import { buildTeam } from '../helpers/teams.ts';

describe('what a provider answers, as stored', () => {
  let t: TestApp;
  let owner: { sourceId: string; teamId: string };
  before(async () => {
    t = await createTestApp();
    const team = await buildTeam(t);
    const mapping = await ok(t, 'PUT', '/api/v1/providers/oauth2/mapping', team.token, { entity_id: 'e' });
    owner = { sourceId: mapping.id, teamId: team.team.id };
  });
  after(async () => t.close());

  const stored = async () => (await findToken(t.ctx.db, owner.sourceId))!;

  test('no new refresh token keeps the old one; no expires_in leaves the expiry unknown, not never', async () => {
    const first = { access_token: 'a1', refresh_token: 'r1', token_type: 'bearer' as const, expires_in: 3600 };
    await saveTokens(t.ctx, t.ctx.db, owner, first);
    const second = { access_token: 'a2', token_type: 'bearer' as const };
    await saveTokens(t.ctx, t.ctx.db, owner, second, { keepRefresh: 'r1' });
    const row = await stored();
    const open = await openToken(t.ctx, row);
    assert.deepEqual([open.access_token, open.refresh_token, open.expires_at], ['a2', 'r1', null]);
    assert.equal(isDue(row, 300), false, 'just refreshed, of unknown expiry: not due');
    const dayOld = { ...row, updated_date: new Date(Date.now() - 25 * 60 * 60 * 1000) };
    assert.equal(isDue(dayOld, 300), true, 'a day old, of unknown expiry: refreshed');
    const soon = { ...row, expires_at: new Date(Date.now() + 60_000) };
    assert.equal(isDue(soon, 300), true, 'within the margin');
    assert.equal(isDue({ ...soon, refresh_token: null }, 300), false, 'nothing to refresh with');
  });
});
