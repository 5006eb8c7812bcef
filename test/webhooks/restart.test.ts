import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildIntegration, ok } from '../helpers/integrations.ts';
import { startReceiver, verified } from '../helpers/receiver.ts';

/** A message recorded before the server stops is sent by the server that starts next. */
describe('webhook delivery across a restart', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    t = await createTestApp({ persistent: true, env: { GATEHOUSE_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await t.close();
  });

  test('a message waiting when the server stopped is delivered after it starts again', async () => {
    const setup = await buildIntegration(t);
    const { application, token } = setup.developer;
    await ok(t, 'PATCH', `/api/v1/applications/${application.id}`, token, { webhook_url: receiver.url });
    const { secrets } = await ok(t, 'GET', `/api/v1/applications/${application.id}/webhooks`, token);
    await ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/token`, setup.developer.secret, {});
    // This server runs no workers: the message is recorded and nothing sends it before the stop.
    await t.stop();
    assert.equal(receiver.received.length, 0);
    await t.start({ workers: true });
    const log = async () => ok(t, 'GET', `/api/v1/applications/${application.id}/webhook-deliveries`, token);
    const deadline = Date.now() + 20_000;
    while ((await log())[0].state === 'pending' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(receiver.received.length, 1);
    assert.equal(verified(secrets[0].secret, receiver.received[0]!).type, 'integration.token.rotated');
    assert.deepEqual(
      (await log()).map((entry: { state: string; attempts: number }) => [entry.state, entry.attempts]),
      [['succeeded', 1]],
    );
  });
});
