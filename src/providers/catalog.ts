import { v5 } from 'uuid';

const NAMESPACE = '2d7e4b1c-9a3f-5c8e-b6d2-0f1e2a3b4c5d';

export type ProviderDefinition = {
  name: string;
  title: string;
  authorization_url: string | null;
  token_url: string | null;
  scopes: string[];
  default_config: Record<string, unknown>;
};

/**
 * The built-in kinds of outside systems. Ids derive from names so every installation agrees;
 * the rows are brought up to date at every start.
 */
export const PROVIDERS: readonly ProviderDefinition[] = [
  {
    name: 'oneroster',
    title: 'OneRoster CSV',
    authorization_url: null,
    token_url: null,
    scopes: [],
    default_config: { version: '1.1', max_removal_percent: 50 },
  },
  {
    name: 'canvas',
    title: 'Canvas LMS',
    authorization_url: 'https://{domain}/login/oauth2/auth',
    token_url: 'https://{domain}/login/oauth2/token',
    scopes: [],
    default_config: { domain: null },
  },
  {
    name: 'clever',
    title: 'Clever',
    authorization_url: 'https://clever.com/oauth/authorize',
    token_url: 'https://clever.com/oauth/tokens',
    scopes: [],
    default_config: {},
  },
  {
    name: 'classlink',
    title: 'ClassLink',
    authorization_url: 'https://launchpad.classlink.com/oauth2/v2/auth',
    token_url: 'https://launchpad.classlink.com/oauth2/v2/token',
    scopes: ['profile', 'oneroster'],
    default_config: {},
  },
  {
    name: 'microsoft_graph',
    title: 'Microsoft Graph',
    authorization_url: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
    token_url: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
    scopes: ['https://graph.microsoft.com/.default'],
    default_config: { tenant: 'common' },
  },
  {
    name: 'halopsa',
    title: 'HaloPSA',
    authorization_url: 'https://{domain}/auth/authorize',
    token_url: 'https://{domain}/auth/token',
    scopes: ['all'],
    default_config: { domain: null },
  },
  {
    name: 'oauth2',
    title: 'Generic OAuth 2.0',
    authorization_url: null,
    token_url: null,
    scopes: [],
    default_config: {},
  },
];

export function providerId(name: string): string {
  return v5(name, NAMESPACE);
}
