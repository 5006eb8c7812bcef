import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isPublicAddress } from '../../src/lib/outbound.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { authorizeUrl, Browser, buildSignIn, injectSender } from '../helpers/oauth.ts';

/**
 * A team admin chooses a source's sign-in issuer, and an anonymous visitor makes the server
 * fetch it: without the operator's GATEHOUSE_ALLOW_PRIVATE_ISSUERS, an issuer on a loopback,
 * link-local or private address is refused when set, and never connected to when used, however
 * its name resolves.
 */
describe('sign-in issuers never reach inside', () => {
  let t: TestApp;
  let inside: Server;
  let connections = 0;
  before(async () => {
    t = await createTestApp();
    // Something on this machine that must never hear from Gatehouse: it counts connections.
    inside = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    inside.close();
    await t.close();
  });

  test('only public unicast addresses count as outside', () => {
    const inner = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0'];
    const inner6 = ['::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::'];
    for (const address of [...inner, ...inner6]) assert.equal(isPublicAddress(address), false, address);
    for (const address of ['93.184.216.34', '2606:4700::1111']) assert.equal(isPublicAddress(address), true, address);
  });

  test('an issuer at an inside address, or named to resolve to one, is refused when set', async () => {
    const setup = await buildSignIn(t);
    const port = (inside.address() as { port: number }).port;
    const issuers = [
      `https://127.0.0.1:${port}`,
      'https://169.254.169.254/latest',
      'https://[::1]/',
      'https://10.0.0.5/',
      'https://[::ffff:7f00:1]/',
      `https://localhost:${port}`,
    ];
    for (const issuer of issuers) {
      const response = await t.call({
        method: 'PATCH',
        url: `/api/v1/sources/${setup.sourceId}`,
        token: setup.organization.token,
        payload: { sso: { issuer, client_id: 'gatehouse' } },
      });
      assert.equal(response.statusCode, 400, `${issuer}: ${response.body}`);
      assert.match(
        response.json().$errors[0].message,
        /loopback, link-local or private.*GATEHOUSE_ALLOW_PRIVATE_ISSUERS/,
      );
    }
    const plain = await t.call({
      method: 'PATCH',
      url: `/api/v1/sources/${setup.sourceId}`,
      token: setup.organization.token,
      payload: { sso: { issuer: 'http://93.184.216.34', client_id: 'gatehouse' } },
    });
    assert.equal(plain.statusCode, 400);
    assert.match(plain.json().$errors[0].message, /https/);
    assert.equal(connections, 0);
  });

  test('an issuer stored before, or whose name now resolves inside, is never connected to at sign-in', async () => {
    const setup = await buildSignIn(t);
    const port = (inside.address() as { port: number }).port;
    for (const issuer of [`https://localhost:${port}`, `https://127.0.0.1:${port}`]) {
      await t.ctx.db
        .updateTable('sources')
        .set({ sso: JSON.stringify({ issuer, client_id: 'gatehouse', claim: 'email', identifier: 'email' }) })
        .where('id', '=', setup.sourceId)
        .execute();
      const browser = new Browser(injectSender(t));
      const page = await browser.request('GET', authorizeUrl(t.config.publicUrl, { client_id: setup.clientId }));
      assert.equal(page.status, 200, page.body);
      const federate = await browser.submit('/login/oauth2/federate');
      assert.equal(federate.status, 302, federate.body);
      assert.equal(new URL(federate.headers.location as string).searchParams.get('error'), 'temporarily_unavailable');
    }
    assert.equal(connections, 0, 'nothing inside was connected to');
  });
});
