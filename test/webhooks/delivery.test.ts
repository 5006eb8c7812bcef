import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { deliverDue } from '../../src/webhooks/deliver.ts';
import { pruneDeliveries } from '../../src/webhooks/jobs.ts';
import { RETRY_DELAYS } from '../../src/webhooks/schedule.ts';
import type { TestApp } from '../helpers/app.ts';
import { buildIntegration, ok } from '../helpers/integrations.ts';
import { findPlaintext } from '../helpers/plaintext.ts';
import { type Receiver, receiverSuite, verified } from '../helpers/receiver.ts';

/** Messages to an application's endpoint: signed, logged, retried on schedule, switched off for good failures. */
describe('webhook delivery', () => {
  const suite = receiverSuite({ GATEHOUSE_WEBHOOK_TIMEOUT_SECONDS: '1' });
  let t: TestApp;
  let receiver: Receiver;
  before(() => {
    ({ t, receiver } = suite);
  });

  /** An integration whose application listens on the receiver; its creation's message already waits. */
  async function listening() {
    const setup = await buildIntegration(t);
    const { application, token } = setup.developer;
    await ok(t, 'PATCH', `/api/v1/applications/${application.id}`, token, { webhook_url: receiver.url });
    const endpoint = await ok(t, 'GET', `/api/v1/applications/${application.id}/webhooks`, token);
    const log = async () => ok(t, 'GET', `/api/v1/applications/${application.id}/webhook-deliveries`, token);
    return { ...setup, secret: endpoint.secrets[0].secret as string, log };
  }

  const rotate = (setup: Awaited<ReturnType<typeof listening>>) =>
    ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/token`, setup.developer.secret, {});

  test('each message is signed so the Standard Webhooks library verifies it, and logged', async () => {
    const setup = await listening();
    await rotate(setup);
    assert.equal(await deliverDue(t.ctx), 1);
    assert.equal(receiver.received.length, 1);
    const message = verified(setup.secret, receiver.received[0]!);
    assert.equal(message.type, 'integration.token.rotated');
    assert.deepEqual(message.data.integration, {
      id: setup.integration.id,
      team_id: setup.organization.team.id,
      status: 'active',
      permissions: setup.integration.permissions,
      pending_permissions: null,
    });
    assert.doesNotMatch(receiver.received[0]!.body, /gh_int_/);
    const [entry] = await setup.log();
    assert.deepEqual(
      [entry.state, entry.attempts, entry.last_status_code, entry.topic, entry.message_id],
      ['succeeded', 1, 200, 'integration.token.rotated', receiver.received[0]!.headers['webhook-id']],
    );
    assert.equal(typeof entry.last_latency_ms, 'number');
    assert.throws(() => verified(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, receiver.received[0]!));
  });

  test('an answer of 500 is retried on schedule over about three days, then the endpoint is off', async () => {
    const setup = await listening();
    receiver.answer(500);
    await rotate(setup);
    let now = new Date();
    assert.equal(await deliverDue(t.ctx, now), 1);
    for (const delay of RETRY_DELAYS) {
      assert.equal(await deliverDue(t.ctx, new Date(now.getTime() + delay * 1000 - 1000)), 0, `early for ${delay}`);
      now = new Date(now.getTime() + delay * 1000);
      assert.equal(await deliverDue(t.ctx, now), 1, `due after ${delay}`);
    }
    const total = RETRY_DELAYS.reduce((sum, delay) => sum + delay, 0) / 3600;
    assert.ok(total > 70 && total < 80, `${total} hours`);
    assert.equal(receiver.received.length, RETRY_DELAYS.length + 1);
    const ids = new Set(
      receiver.received.map((message) => verified(setup.secret, message) && message.headers['webhook-id']),
    );
    assert.equal(ids.size, 1);
    const [entry] = await setup.log();
    assert.deepEqual([entry.state, entry.attempts, entry.last_status_code], ['failed', 10, 500]);
    const endpoint = await ok(
      t,
      'GET',
      `/api/v1/applications/${setup.developer.application.id}/webhooks`,
      setup.developer.token,
    );
    assert.match(endpoint.disabled_reason, /after 10 attempts: answered 500/);
    receiver.answer(200);
    await rotate(setup);
    assert.equal(await deliverDue(t.ctx, new Date(now.getTime() + 86_400_000)), 0);
    await ok(
      t,
      'POST',
      `/api/v1/applications/${setup.developer.application.id}/webhooks/enable`,
      setup.developer.token,
    );
    assert.equal(await deliverDue(t.ctx), 1);
    assert.equal(verified(setup.secret, receiver.received.at(-1)!).type, 'integration.token.rotated');
  });

  test('a receiver that does not answer in time is tried again five seconds later', async () => {
    const setup = await listening();
    receiver.answer('hang');
    await rotate(setup);
    const now = new Date();
    assert.equal(await deliverDue(t.ctx, now), 1);
    const [entry] = await setup.log();
    assert.deepEqual([entry.state, entry.last_error, entry.last_status_code], ['pending', 'timed out', null]);
    assert.equal(new Date(entry.next_attempt_date).getTime(), now.getTime() + 5000);
    receiver.answer(200);
    assert.equal(await deliverDue(t.ctx, new Date(now.getTime() + 5000)), 1);
    assert.equal((await setup.log())[0].state, 'succeeded');
  });

  test('during a secret rotation messages carry both signatures; either secret verifies', async () => {
    const setup = await listening();
    const url = `/api/v1/applications/${setup.developer.application.id}/webhooks/secret`;
    const rotated = await ok(t, 'POST', url, setup.developer.token, { overlap_seconds: 3600 });
    assert.equal(rotated.secrets.length, 2);
    assert.equal(rotated.secrets[1].secret, setup.secret);
    await rotate(setup);
    await deliverDue(t.ctx);
    const message = receiver.received[0]!;
    assert.equal(String(message.headers['webhook-signature']).split(' ').length, 2);
    verified(setup.secret, message);
    verified(rotated.secrets[0].secret, message);
    const replaced = await ok(t, 'POST', url, setup.developer.token, { overlap_seconds: 0 });
    assert.equal(replaced.secrets.length, 1);
    await rotate(setup);
    await deliverDue(t.ctx);
    verified(replaced.secrets[0].secret, receiver.received[1]!);
    assert.throws(() => verified(rotated.secrets[0].secret, receiver.received[1]!));
  });

  test('the signing secret is stored sealed, and still signs after the sealing keys rotate', async () => {
    const setup = await listening();
    assert.deepEqual(await findPlaintext(t.ctx.db, [setup.secret]), []);
    await t.ctx.keyring.rotate(0);
    const url = `/api/v1/applications/${setup.developer.application.id}/webhooks`;
    assert.equal((await ok(t, 'GET', url, setup.developer.token)).secrets[0].secret, setup.secret);
    await rotate(setup);
    await deliverDue(t.ctx);
    verified(setup.secret, receiver.received[0]!);
  });

  test('a message is sent again on request, with the same id', async () => {
    const setup = await listening();
    await rotate(setup);
    await deliverDue(t.ctx);
    const [entry] = await setup.log();
    const again = await ok(t, 'POST', `/api/v1/webhook-deliveries/${entry.id}/redeliver`, setup.developer.token);
    assert.equal(again.state, 'pending');
    assert.equal(await deliverDue(t.ctx), 1);
    assert.deepEqual(
      receiver.received.map((message) => message.headers['webhook-id']),
      [entry.message_id, entry.message_id],
    );
    assert.equal((await setup.log())[0].attempts, 2);
  });

  test('loopback is refused unless the operator allows it', async () => {
    const setup = await listening();
    const config = t.ctx.config as { allowPrivateWebhooks: boolean };
    config.allowPrivateWebhooks = false;
    try {
      await rotate(setup);
      await deliverDue(t.ctx);
    } finally {
      config.allowPrivateWebhooks = true;
    }
    assert.equal(receiver.received.length, 0);
    assert.match((await setup.log())[0].last_error, /loopback, link-local or private address/);
  });

  test('the log keeps settled messages for 30 days', async () => {
    const setup = await listening();
    await rotate(setup);
    await deliverDue(t.ctx);
    await rotate(setup);
    const day = 24 * 3600 * 1000;
    assert.equal(await pruneDeliveries(t.ctx, new Date(Date.now() + 29 * day)), 0);
    assert.equal(await pruneDeliveries(t.ctx, new Date(Date.now() + 31 * day)), 1);
    assert.deepEqual(
      (await setup.log()).map((entry: { state: string }) => entry.state),
      ['pending'],
    );
  });

  test("another team sees nothing of an application's webhooks", async () => {
    const setup = await listening();
    await rotate(setup);
    await deliverDue(t.ctx);
    const [entry] = await setup.log();
    const stranger = await buildIntegration(t);
    const id = setup.developer.application.id;
    for (const [method, url] of [
      ['GET', `/api/v1/applications/${id}/webhooks`],
      ['GET', `/api/v1/applications/${id}/webhook-deliveries`],
      ['POST', `/api/v1/applications/${id}/webhooks/secret`],
      ['POST', `/api/v1/webhook-deliveries/${entry.id}/redeliver`],
    ] as const) {
      for (const token of [stranger.developer.token, setup.organization.token]) {
        const answer = await t.call({ method, url, token, ...(method === 'POST' ? { payload: {} } : {}) });
        assert.equal(answer.statusCode, 404, `${method} ${url}: ${answer.body}`);
      }
    }
  });
});
