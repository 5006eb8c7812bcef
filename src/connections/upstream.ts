import * as client from 'openid-client';
import type { AppContext } from '../context.ts';
import { NotConnected } from '../lib/errors.ts';
import { publicFetch } from '../lib/outbound.ts';

/** What Gatehouse needs to act as the team's OAuth client at a provider, placeholders filled. */
export type Endpoints = {
  provider: string;
  authorization_url: string | null;
  token_url: string | null;
  client_id: string | null;
  client_secret: string | null;
  scopes: string[];
};

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/**
 * Fills `{placeholders}` from the merged config. A placeholder inside a URL takes a host name
 * only, so a team's config cannot move the URL elsewhere; one that is the whole URL takes a URL.
 */
export function fillTemplate(template: string | null, config: Record<string, unknown>): string | null {
  if (template === null) return null;
  return template.replace(/\{(\w+)\}/g, (_whole, key: string) => {
    const value = config[key];
    if (typeof value !== 'string' || value === '') throw new NotConnected(`The config value '${key}' is not set.`);
    const whole = template === `{${key}}`;
    if (whole ? !/^https?:\/\//.test(value) : !HOST.test(value))
      throw new NotConnected(`The config value '${key}' must be ${whole ? 'an http(s) URL' : 'a host name'}.`);
    return value;
  });
}

/**
 * Gatehouse as the team's client at the provider. Every request reaches only public addresses,
 * checked as each connection resolves its host, unless the operator allows private ones
 * (development and tests), which also allows plain http.
 */
export function upstreamConfig(ctx: AppContext, endpoints: Endpoints): client.Configuration {
  const { token_url: tokenUrl, client_id: clientId, client_secret: secret } = endpoints;
  if (!tokenUrl || !clientId) throw new NotConnected(`The ${endpoints.provider} OAuth client is not configured.`);
  const server: client.ServerMetadata = {
    issuer: new URL(tokenUrl).origin,
    token_endpoint: tokenUrl,
    ...(endpoints.authorization_url ? { authorization_endpoint: endpoints.authorization_url } : {}),
  };
  const auth = secret ? client.ClientSecretPost(secret) : client.None();
  const config = new client.Configuration(server, clientId, secret ?? undefined, auth);
  if (ctx.config.allowPrivateIssuers) client.allowInsecureRequests(config);
  else config[client.customFetch] = (url, options) => publicFetch(url, options as RequestInit);
  return config;
}

/** Whether the provider refused the grant itself (a dead refresh token), rather than failing for now. */
export function isInvalidGrant(error: unknown): boolean {
  return error instanceof client.ResponseBodyError && error.error === 'invalid_grant';
}

export { client };
