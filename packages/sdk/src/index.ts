import type { Static } from 'typebox';
import type * as schema from '../../../src/connections/schema.ts';
import { ConnectionError, GatehouseError, ScopeForbiddenError } from './errors.ts';

export { ConnectionError, GatehouseError, ScopeForbiddenError };

/** The answers' types, taken from the route schemas the server validates and documents with. */
export type IntegrationData = Static<typeof schema.IntegrationData>;
export type OAuthCredentials = Static<typeof schema.OAuthCredentials>;
export type IntegrationMapping = Static<typeof schema.Mapping>;
export type MappingInput = Static<typeof schema.UpsertMappingBody>;
export type ConnectStart = Static<typeof schema.Connect>;

/** Whose connection: an organization (team) id, or `global` for the platform's defaults. */
export type ScopeOptions = { orgId?: string; scope?: 'global' | (string & {}) };

export type ClientOptions = {
  /** Defaults to GATEHOUSE_URL. */
  url?: string;
  /** A team API key (its team) or a platform key (any team, or global). Defaults to GATEHOUSE_API_KEY. */
  apiKey?: string;
  fetch?: typeof fetch;
};

type Envelope<T> = { $data: T; $request: string; $errors?: Array<{ code: string; message: string }> };

const CONNECTION_CODES = new Set(['REFRESH_FAILED', 'REAUTH_REQUIRED', 'NOT_CONNECTED', 'UPSTREAM_UNAVAILABLE']);

/**
 * The seed's `integrations` module. Errors are thrown as typed errors; `null` (or `false` for a
 * delete) means only "not found". `orgId` and `scope` are the seed's three-valued scope: both
 * omitted is the key's own team, never the platform's defaults.
 */
export class Integrations {
  readonly #url: string;
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions = {}) {
    const url = options.url ?? process.env.GATEHOUSE_URL;
    const apiKey = options.apiKey ?? process.env.GATEHOUSE_API_KEY;
    if (!url || !apiKey) throw new Error('Set GATEHOUSE_URL and GATEHOUSE_API_KEY, or pass url and apiKey.');
    this.#url = url.replace(/\/+$/, '');
    this.#apiKey = apiKey;
    this.#fetch = options.fetch ?? fetch;
  }

  get(name: string, options: ScopeOptions = {}): Promise<IntegrationData | null> {
    return this.#orNull(this.#call('GET', name, '/connection', options));
  }

  listMappings(name: string, options: ScopeOptions = {}): Promise<IntegrationMapping[]> {
    return this.#call('GET', name, '/mappings', options);
  }

  getMapping(name: string, options: ScopeOptions & { entityId?: string } = {}): Promise<IntegrationMapping | null> {
    const query: Record<string, string> = options.entityId === undefined ? {} : { entity_id: options.entityId };
    return this.#orNull(this.#call('GET', name, '/mapping', options, undefined, query));
  }

  upsertMapping(
    name: string,
    input: ScopeOptions & { entityId: string; entityName?: string | null; config?: Record<string, unknown> },
  ): Promise<IntegrationMapping> {
    const body: MappingInput = { entity_id: input.entityId };
    if (input.entityName !== undefined) body.entity_name = input.entityName;
    if (input.config !== undefined) body.config = input.config;
    return this.#call('PUT', name, '/mapping', input, body);
  }

  async deleteMapping(name: string, options: ScopeOptions = {}): Promise<boolean> {
    try {
      await this.#call('DELETE', name, '/mapping', options);
      return true;
    } catch (error) {
      if (error instanceof GatehouseError && error.status === 404) return false;
      throw error;
    }
  }

  /** Starts connecting the mapping: send the browser to `authorization_url` (its state is single-use). */
  connect(name: string, options: ScopeOptions = {}): Promise<ConnectStart> {
    return this.#call('POST', name, '/connect', options);
  }

  /** Refreshes the mapping's token now, whatever its expiry. */
  refresh(name: string, options: ScopeOptions = {}): Promise<IntegrationMapping> {
    return this.#call('POST', name, '/refresh', options);
  }

  async #orNull<T>(answer: Promise<T>): Promise<T | null> {
    try {
      return await answer;
    } catch (error) {
      if (error instanceof GatehouseError && error.status === 404) return null;
      throw error;
    }
  }

  async #call<T>(
    method: string,
    name: string,
    path: string,
    scope: ScopeOptions,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<T> {
    const search = new URLSearchParams(query);
    const target = scope.scope ?? scope.orgId;
    if (target !== undefined) search.set('scope', target);
    const url = `${this.#url}/api/v1/providers/${encodeURIComponent(name)}${path}${search.size ? `?${search}` : ''}`;
    const response = await this.#fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.#apiKey}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json().catch(() => ({}))) as Envelope<T>;
    if (response.ok) return answer.$data;
    const error = answer.$errors?.[0] ?? { code: 'HTTP_ERROR', message: `HTTP ${response.status}` };
    const Kind =
      response.status === 403
        ? ScopeForbiddenError
        : CONNECTION_CODES.has(error.code)
          ? ConnectionError
          : GatehouseError;
    throw new Kind(response.status, error.code, error.message, answer.$request);
  }
}

let shared: Integrations | undefined;
const instance = () => {
  shared ??= new Integrations();
  return shared;
};

/**
 * The seed's module-level calls (`integrations.get("Microsoft_Graph")`), on a client configured
 * from GATEHOUSE_URL and GATEHOUSE_API_KEY on first use. `new Integrations({ url, apiKey })` for more.
 */
export const integrations = {
  get: (name: string, options?: ScopeOptions) => instance().get(name, options),
  listMappings: (name: string, options?: ScopeOptions) => instance().listMappings(name, options),
  getMapping: (name: string, options?: ScopeOptions & { entityId?: string }) => instance().getMapping(name, options),
  upsertMapping: (name: string, input: Parameters<Integrations['upsertMapping']>[1]) =>
    instance().upsertMapping(name, input),
  deleteMapping: (name: string, options?: ScopeOptions) => instance().deleteMapping(name, options),
  connect: (name: string, options?: ScopeOptions) => instance().connect(name, options),
  refresh: (name: string, options?: ScopeOptions) => instance().refresh(name, options),
};
