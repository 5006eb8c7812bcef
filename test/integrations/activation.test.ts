import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { deliverDue } from '../../src/webhooks/deliver.ts';
import type { TestApp } from '../helpers/app.ts';
import { graphGet } from '../helpers/graph.ts';
import { buildDeveloper, buildOrganization, ok, permissionIds } from '../helpers/integrations.ts';
import { type Receiver, receiverSuite, verified } from '../helpers/receiver.ts';

const GRANT = permissionIds('organizations:read');

/** Request, approval, the activation message and the verifier's exchange, through the APIs only. */
describe('activation handshake', () => {
  const suite = receiverSuite();
  let t: TestApp;
  let receiver: Receiver;
  before(() => {
    ({ t, receiver } = suite);
  });

  /** Requested by the developer and approved by the organization; the messages wait to be sent. */
  async function approved() {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t, GRANT);
    const app = `/api/v1/applications/${developer.application.id}`;
    await ok(t, 'PATCH', app, developer.token, {
      webhook_url: receiver.url,
      identity_link_url: 'https://app.example.test/link?from=gatehouse',
    });
    const { secrets } = await ok(t, 'GET', `${app}/webhooks`, developer.token);
    const request = await ok(t, 'POST', `${app}/requests`, developer.token, { team_id: organization.team.id });
    const answer = await ok(t, 'POST', `/api/v1/integrations/${request.id}/approve`, organization.token, {
      source_id: organization.source.id,
      permissions: GRANT,
      scope: 'all',
    });
    const exchange = (verifier: string, secret = developer.secret) =>
      t.call({
        method: 'POST',
        url: `/api/v1/integrations/${request.id}/activation`,
        token: secret,
        payload: { verifier },
      });
    /** The verifier of the latest activation message the receiver verified. */
    const verifierReceived = () => {
      const activations = receiver.received
        .map((message) => verified(secrets[0].secret, message))
        .filter((message) => message.type === 'integration.activated');
      return activations.at(-1)?.data.verifier as string;
    };
    return {
      identityLink: answer.identity_link as string,
      organization,
      developer,
      id: request.id as string,
      secret: secrets[0].secret as string,
      exchange,
      verifierReceived,
    };
  }

  test('the verifier of the activation message buys the access token once, and the token reads the Graph', async () => {
    const setup = await approved();
    while ((await deliverDue(t.ctx)) > 0);
    const activation = verified(setup.secret, receiver.received.at(-1)!);
    assert.equal(activation.type, 'integration.activated');
    assert.equal(activation.data.integration.id, setup.id);
    assert.match(activation.data.verifier, /^gh_ver_/);
    const link = new URL(setup.identityLink);
    assert.deepEqual(
      [link.origin + link.pathname, link.searchParams.get('from'), link.searchParams.get('integration_id')],
      ['https://app.example.test/link', 'gatehouse', setup.id],
    );
    assert.equal(link.searchParams.get('success_call_back'), `${t.config.publicUrl}/integrations/${setup.id}`);
    assert.ok(
      receiver.received.every((message) => !message.body.includes('gh_int_')),
      'never the access token',
    );
    const exchanged = await setup.exchange(activation.data.verifier);
    assert.equal(exchanged.statusCode, 200, exchanged.body);
    const token = exchanged.json().$data.access_token;
    assert.match(token, /^gh_int_/);
    assert.equal((await graphGet(t, token, '/schools')).statusCode, 200);
    const again = await setup.exchange(activation.data.verifier);
    assert.deepEqual([again.statusCode, again.json().$errors[0].code], [400, 'INVALID_VERIFIER']);
  });

  test('a failed activation message is retried with a new verifier, shown on the integration', async () => {
    const setup = await approved();
    receiver.answer(500);
    const now = new Date();
    while ((await deliverDue(t.ctx, now)) > 0);
    const first = setup.verifierReceived();
    const shown = await ok(t, 'GET', `/api/v1/integrations/${setup.id}/activation`, setup.organization.token);
    assert.deepEqual([shown.state, shown.attempts, shown.last_status_code], ['pending', 1, 500]);
    receiver.answer(200);
    while ((await deliverDue(t.ctx, new Date(now.getTime() + 5000))) > 0);
    const second = setup.verifierReceived();
    assert.notEqual(first, second);
    assert.equal((await setup.exchange(first)).json().$errors[0].code, 'INVALID_VERIFIER');
    const delivered = await ok(t, 'GET', `/api/v1/integrations/${setup.id}/activation`, setup.developer.secret);
    assert.deepEqual([delivered.state, delivered.attempts], ['succeeded', 2]);
    assert.equal(delivered.data.verifier, undefined, 'the log keeps no verifier');
    assert.equal((await setup.exchange(second)).statusCode, 200);
  });

  test('a verifier is refused when expired, for another application, or once the integration is disabled', async () => {
    const setup = await approved();
    while ((await deliverDue(t.ctx)) > 0);
    const verifier = setup.verifierReceived();
    const stranger = await buildDeveloper(t, GRANT);
    assert.equal((await setup.exchange(verifier, stranger.secret)).statusCode, 404);
    await ok(t, 'PATCH', `/api/v1/integrations/${setup.id}`, setup.organization.token, { status: 'disabled' });
    assert.equal((await setup.exchange(verifier)).json().$errors[0].code, 'INVALID_INTEGRATION_STATE');
    await ok(t, 'PATCH', `/api/v1/integrations/${setup.id}`, setup.organization.token, { status: 'active' });
    while ((await deliverDue(t.ctx)) > 0);
    const fresh = setup.verifierReceived();
    await t.ctx.db
      .updateTable('integration_verifiers')
      .set({ expires_date: new Date(Date.now() - 1000) })
      .where('integration_id', '=', setup.id)
      .execute();
    assert.equal((await setup.exchange(fresh)).json().$errors[0].code, 'INVALID_VERIFIER');
  });
});
