import { v5 } from 'uuid';
import type { AuthMode, ConfigField, EntityIdSource } from './tables.ts';

const NAMESPACE = '2d7e4b1c-9a3f-5c8e-b6d2-0f1e2a3b4c5d';

export type ProviderDefinition = {
  name: string;
  title: string;
  auth_mode: AuthMode;
  /** `{placeholders}` are filled from the merged config when a connection uses them. */
  authorization_url: string | null;
  token_url: string | null;
  scopes: string[];
  pkce: boolean;
  refresh_margin_seconds: number;
  api_base_urls: string[];
  entity_id_from: EntityIdSource | null;
  config_schema: Record<string, ConfigField>;
};

const domain: ConfigField = { type: 'string', required: true, description: 'Host name of the instance.' };

const oauth = { pkce: false, refresh_margin_seconds: 300, entity_id_from: null } as const;

/**
 * The built-in kinds of outside systems. Ids derive from names so every installation agrees;
 * the rows are brought up to date at every start. Platform administrators add others through
 * the API.
 */
export const PROVIDERS: readonly ProviderDefinition[] = [
  {
    name: 'oneroster',
    title: 'OneRoster CSV',
    auth_mode: 'none',
    authorization_url: null,
    token_url: null,
    scopes: [],
    ...oauth,
    api_base_urls: [],
    config_schema: {
      version: { type: 'string', default: '1.1', description: 'OneRoster version of the exports.' },
      max_removal_percent: {
        type: 'int',
        default: 50,
        description: "Share of a kind's records one bulk import may remove (0–100).",
      },
    },
  },
  {
    name: 'canvas',
    title: 'Canvas LMS',
    auth_mode: 'oauth2_authorization_code',
    authorization_url: 'https://{domain}/login/oauth2/auth',
    token_url: 'https://{domain}/login/oauth2/token',
    scopes: [],
    ...oauth,
    api_base_urls: ['https://{domain}/api/'],
    config_schema: { domain },
  },
  {
    name: 'clever',
    title: 'Clever',
    auth_mode: 'oauth2_authorization_code',
    authorization_url: 'https://clever.com/oauth/authorize',
    token_url: 'https://clever.com/oauth/tokens',
    scopes: [],
    ...oauth,
    api_base_urls: ['https://api.clever.com/'],
    config_schema: {},
  },
  {
    name: 'classlink',
    title: 'ClassLink',
    auth_mode: 'oauth2_authorization_code',
    authorization_url: 'https://launchpad.classlink.com/oauth2/v2/auth',
    token_url: 'https://launchpad.classlink.com/oauth2/v2/token',
    scopes: ['profile', 'oneroster'],
    ...oauth,
    api_base_urls: ['https://nodeapi.classlink.com/'],
    config_schema: {},
  },
  {
    name: 'microsoft_graph',
    title: 'Microsoft Graph',
    auth_mode: 'oauth2_authorization_code',
    authorization_url: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
    token_url: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
    scopes: ['https://graph.microsoft.com/.default', 'offline_access'],
    ...oauth,
    pkce: true,
    entity_id_from: { from: 'id_token', name: 'tid' },
    api_base_urls: ['https://graph.microsoft.com/'],
    config_schema: { tenant: { type: 'string', default: 'common', description: 'Directory (tenant) id.' } },
  },
  {
    name: 'halopsa',
    title: 'HaloPSA',
    auth_mode: 'oauth2_client_credentials',
    authorization_url: null,
    token_url: 'https://{domain}/auth/token',
    scopes: ['all'],
    ...oauth,
    api_base_urls: ['https://{domain}/api/'],
    config_schema: { domain },
  },
  {
    name: 'oauth2',
    title: 'Generic OAuth 2.0',
    auth_mode: 'oauth2_authorization_code',
    authorization_url: '{authorization_url}',
    token_url: '{token_url}',
    scopes: [],
    ...oauth,
    pkce: true,
    api_base_urls: ['{api_base_url}'],
    config_schema: {
      authorization_url: { type: 'string', required: true, description: 'Authorization endpoint.' },
      token_url: { type: 'string', required: true, description: 'Token endpoint.' },
      api_base_url: { type: 'string', required: true, description: 'Base URL the proxy may call.' },
    },
  },
];

export function providerId(name: string): string {
  return v5(name, NAMESPACE);
}

/** The config schema's own defaults. */
export function schemaDefaults(schema: Record<string, ConfigField>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([, field]) => field.default !== undefined)
      .map(([key, field]) => [key, field.default]),
  );
}
