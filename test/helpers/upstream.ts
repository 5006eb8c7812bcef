import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { Browser, type Sender } from '../oauth/browser.ts';
import type { TestApp } from './app.ts';
import { ok } from './integrations.ts';
import { buildPlatform } from './oauth.ts';
import { buildTeam } from './teams.ts';

export const UPSTREAM_CLIENT_SECRET = 'upstream-client-secret-that-must-never-be-stored-in-plain-text';

/** A server listening on a free loopback port, its URL as an issuer, and a signing key set for it. */
export async function loopbackIssuer() {
  const server = createServer();
  // Idle connections outlive the client's own keep-alive: on a loaded machine, a server closing
  // first races a request on the connection the client reuses ("fetch failed").
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { server, issuer, jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' }] } };
}

/**
 * An outside provider on loopback: oidc-provider issuing short-lived access tokens and rotating
 * refresh tokens (a spent refresh token is refused, and spending it again revokes its family),
 * plus client-credentials tokens; `grants` counts what its token endpoint issued, by grant type.
 * Its API (`/api/…`) answers the bearer token it was sent, for the proxy to be checked against;
 * `timing.tokenDelayMs` slows its token endpoint down.
 */
export async function startUpstream(callback: string) {
  const { server, issuer, jwks } = await loopbackIssuer();
  const provider = new Provider(issuer, {
    jwks,
    clients: [
      {
        client_id: 'gatehouse',
        client_secret: UPSTREAM_CLIENT_SECRET,
        redirect_uris: [callback],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: ['api', 'offline_access'],
    features: { clientCredentials: { enabled: true } },
    ttl: { AccessToken: 3600, ClientCredentials: 3600, RefreshToken: 86400 },
    rotateRefreshToken: true,
    issueRefreshToken: async () => true,
    cookies: { keys: ['upstream-cookie-key'] },
    async findAccount(_ctx: unknown, sub: string) {
      return { accountId: sub, claims: async () => ({ sub }) };
    },
  });
  const grants: Record<string, number> = {};
  provider.on('grant.success', (ctx: { oidc: { params: { grant_type: string } } }) => {
    const type = ctx.oidc.params.grant_type;
    grants[type] = (grants[type] ?? 0) + 1;
  });
  const handle = provider.callback();
  const api: Array<{ path: string; authorization: string | undefined }> = [];
  const timing = { tokenDelayMs: 0 };
  const paths: string[] = [];
  server.on('request', (request, response) => {
    paths.push(request.url ?? '');
    if (request.url === '/token' && timing.tokenDelayMs > 0) {
      // A slow token endpoint: concurrent refreshes would overlap here if nothing kept them apart.
      setTimeout(() => handle(request, response), timing.tokenDelayMs);
      return;
    }
    if (!request.url?.startsWith('/api/')) return handle(request, response);
    api.push({ path: request.url, authorization: request.headers.authorization });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ path: request.url, method: request.method }));
  });
  return {
    issuer,
    server: server as Server,
    grants,
    api,
    paths,
    timing,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A browser that reaches Gatehouse through inject and the upstream over real HTTP. */
function sender(t: TestApp): Sender {
  return async ({ method, url, headers, body }) => {
    if (url.startsWith(t.config.publicUrl)) {
      const { pathname, search } = new URL(url);
      const answer = await t.app.inject({ method: method as 'GET', url: pathname + search, headers, payload: body });
      return { status: answer.statusCode, headers: answer.headers as Record<string, string>, body: answer.body };
    }
    const answer = await fetch(url, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
    const cookies = answer.headers.getSetCookie();
    const all = { ...Object.fromEntries(answer.headers), 'set-cookie': cookies };
    return { status: answer.status, headers: all, body: await answer.text() };
  };
}

/** Signs in at the upstream and consents; answers the callback URL the browser is sent back to. */
export async function consentUpstream(t: TestApp, authorizationUrl: string): Promise<URL> {
  const browser = new Browser(sender(t));
  const login = await browser.follow(authorizationUrl);
  assert.equal(login.response.status, 200, login.response.body);
  const afterLogin = await browser.submit('/interaction/', { login: 'ada', password: 'anything' });
  const consent = await browser.follow(new URL(afterLogin.headers.location as string, login.url).toString());
  const afterConsent = await browser.submit('/interaction/');
  const back = await browser.follow(
    new URL(afterConsent.headers.location as string, consent.url).toString(),
    t.config.publicUrl,
  );
  return new URL(back.url);
}

/** The upstream as a provider named `loopback`, added and given its client by a platform caller. */
export async function addLoopbackProvider(t: TestApp, issuer: string, options: { name?: string; mode?: string } = {}) {
  const name = options.name ?? 'loopback';
  const platform = await buildPlatform(t);
  await ok(t, 'POST', '/api/v1/providers', platform.token, {
    name,
    title: 'Loopback OAuth',
    auth_mode: options.mode ?? 'oauth2_authorization_code',
    authorization_url: `${issuer}/auth`,
    token_url: `${issuer}/token`,
    scopes: ['api'],
    pkce: true,
    refresh_margin_seconds: 60,
    api_base_urls: [`${issuer}/api/`],
    entity_id_from: { from: 'query', name: 'iss' },
  });
  await ok(t, 'PUT', `/api/v1/providers/${name}/defaults`, platform.token, {
    client_id: 'gatehouse',
    client_secret: UPSTREAM_CLIENT_SECRET,
  });
  return platform;
}

/** A team with a connected `loopback` mapping. */
export async function connectedTeam(t: TestApp) {
  const team = await buildTeam(t);
  await ok(t, 'PUT', '/api/v1/providers/loopback/mapping', team.token, { entity_id: 'pending' });
  const start = await ok(t, 'POST', '/api/v1/providers/loopback/connect', team.token);
  const callback = await consentUpstream(t, start.authorization_url);
  await ok(t, 'GET', callback.pathname + callback.search, '');
  return team;
}
