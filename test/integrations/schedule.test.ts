import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyDueStatuses } from '../../src/integrations/schedule.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration } from '../helpers/integrations.ts';

/** The stored status, read from the database so no request can have caused the change. */
async function waitForStatus(t: TestApp, id: string, status: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const row = await t.ctx.db
      .selectFrom('integrations')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === status) return Date.now();
    await sleep(250);
  }
  assert.fail(`integration ${id} did not become ${status} within ${timeoutMs} ms`);
}

describe('scheduled status', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ workers: true, persistent: true });
  });
  after(() => t.close());

  test('a start date seconds ahead turns the integration active by itself, and an end date disables it', async () => {
    const start = new Date(Date.now() + 3000);
    const end = new Date(Date.now() + 7000);
    const { integration } = await buildIntegration(t, { start_date: start.toISOString(), end_date: end.toISOString() });
    assert.equal(integration.status, 'inactive');
    const activated = await waitForStatus(t, integration.id, 'active', 20_000);
    assert.ok(activated >= start.getTime(), 'not before its start');
    const disabled = await waitForStatus(t, integration.id, 'disabled', 20_000);
    assert.ok(disabled >= end.getTime(), 'not before its end');
    const log = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type'])
      .where('target_id', '=', integration.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(log.slice(1), [
      { action: 'integration.activated', actor_type: 'system' },
      { action: 'integration.deactivated', actor_type: 'system' },
    ]);
  });

  test('the activation happens when the start date passed while the server was down', async () => {
    const start = new Date(Date.now() + 2000);
    const { integration } = await buildIntegration(t, { start_date: start.toISOString() });
    await t.stop();
    await sleep(Math.max(0, start.getTime() - Date.now()) + 1000);
    await t.start();
    await waitForStatus(t, integration.id, 'active', 20_000);
  });
});

describe('scheduled status swept by several processes at once', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('each sweep finds the due integration, and its activation is made and audited once', async () => {
    const { integration } = await buildIntegration(t, { start_date: new Date(Date.now() + 3_600_000).toISOString() });
    // Its start moved into the past behind the schedule's back: due now, however slow the set-up was.
    await t.ctx.db
      .updateTable('integrations')
      .set({ start_date: new Date(Date.now() - 1000) })
      .where('id', '=', integration.id)
      .execute();
    // Each call stands for the sweep of another server process on one PostgreSQL (its own connection).
    await Promise.all([1, 2, 3, 4].map(() => applyDueStatuses(t.ctx)));
    const activations = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', integration.id)
      .where('action', '=', 'integration.activated')
      .execute();
    assert.equal(activations.length, 1);
  });
});
