import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const UPSTREAM_CLIENT_SECRET = 'upstream-client-secret-that-must-never-be-stored-in-plain-text';

/**
 * An outside provider on loopback: oidc-provider issuing short-lived access tokens and rotating
 * refresh tokens (a spent refresh token is refused, and spending it again revokes its family),
 * plus client-credentials tokens; `grants` counts what its token endpoint issued, by grant type.
 * Its API (`/api/…`) answers the bearer token it was sent, for the proxy to be checked against.
 */
export async function startUpstream(callback: string) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' }] },
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
  server.on('request', (request, response) => {
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
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
