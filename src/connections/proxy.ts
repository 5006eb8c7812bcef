import type { AppContext } from '../context.ts';
import { BadRequest, NotConnected, UpstreamUnavailable } from '../lib/errors.ts';
import { publicFetch } from '../lib/outbound.ts';
import type { Connection } from './resolve.ts';
import { tokenOf } from './service.ts';
import { fillTemplate } from './upstream.ts';

/** Request headers worth forwarding; anything else (cookies, our own Authorization) stays here. */
const FORWARDED = ['accept', 'accept-language', 'content-type', 'if-match', 'if-none-match', 'prefer'];
/** Response headers worth handing back. */
const RETURNED = ['content-type', 'etag', 'location', 'retry-after', 'link'];
const TIMEOUT_MS = 30_000;

export type ProxyRequest = {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

/**
 * The URL a proxied path reaches: below the provider's first API base, placeholders filled from
 * the team's config. The path is resolved first (`..`, encoded dots) and must stay below the base,
 * so no path leaves the declared host and prefix.
 */
export function proxyTarget(connection: Connection, path: string, search: string): URL {
  const template = connection.provider.api_base_urls[0];
  if (!template) throw new NotConnected(`${connection.provider.name} declares no API the proxy may call.`);
  const base = (fillTemplate(template, connection.config) as string).replace(/\/?$/, '/');
  const target = new URL(path.replace(/^\/+/, ''), base);
  target.search = search;
  if (!`${target.origin}${target.pathname}`.startsWith(base))
    throw new BadRequest(`The path leaves ${connection.provider.name}'s API (${base}).`);
  return target;
}

function body(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The mapping's credentials on the request, as the provider's auth mode says: a fresh token, its API key, or none. */
async function authorize(ctx: AppContext, connection: Connection, target: URL, headers: Record<string, string>) {
  const { provider } = connection;
  if (provider.auth_mode === 'none') return;
  if (provider.auth_mode === 'api_key') {
    const key = connection.config.api_key;
    const where = provider.api_key_in;
    if (typeof key !== 'string' || !key || !where)
      throw new NotConnected(`This team's ${provider.name} mapping has no api_key set.`);
    if (where.in === 'query') target.searchParams.set(where.name, key);
    else headers[where.name.toLowerCase()] = `${where.prefix ?? ''}${key}`;
    return;
  }
  const token = await tokenOf(ctx, connection);
  if (!token) throw new NotConnected(`This team's ${provider.name} mapping is not connected.`);
  headers.authorization = `Bearer ${token.access_token}`;
}

/**
 * Forwards one request to the provider's API with the mapping's credentials, so application code
 * need never see them. Only public addresses are reached, unless the operator allows private ones;
 * redirects are handed back, never followed.
 */
export async function forward(ctx: AppContext, connection: Connection, request: ProxyRequest) {
  const target = proxyTarget(connection, request.path, request.search);
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  await authorize(ctx, connection, target, headers);
  const init = {
    method: request.method,
    headers,
    body: ['GET', 'HEAD'].includes(request.method) ? undefined : body(request.body),
    redirect: 'manual' as const,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  };
  const response = await (ctx.config.allowPrivateIssuers ? fetch(target, init) : publicFetch(target.href, init)).catch(
    (error: unknown) => {
      ctx.log.info({ host: target.host, err: error instanceof Error ? error.message : 'failed' }, 'proxy failed');
      throw new UpstreamUnavailable(connection.provider.name);
    },
  );
  const returned: Record<string, string> = {};
  for (const name of RETURNED) {
    const value = response.headers.get(name);
    if (value !== null) returned[name] = value;
  }
  const answer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, host: target.host, headers: returned, body: answer };
}
