import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { StringEnum } from './lib/schema.ts';

/**
 * Every setting Gatehouse reads, from the environment, in one schema.
 * Each entry documents itself; `describeSettings()` feeds the README's table and `--help`.
 */
const Settings = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port the server listens on.' }),
  HOST: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'Interface to bind; use 0.0.0.0 to accept remote connections.',
  }),
  GATEHOUSE_DATA_DIR: Type.String({
    minLength: 1,
    default: '.gatehouse',
    description: 'Where the embedded database and the generated secret key live.',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL server to use instead of the embedded database (postgres://user@host:port/db).',
    }),
  ),
  GATEHOUSE_SECRET_KEY: Type.Optional(
    Type.String({
      pattern: '^([A-Za-z0-9_-]{1,32}:)?[0-9a-fA-F]{64}$',
      description:
        'Master key sealing stored secrets: 64 hex characters (`openssl rand -hex 32`), ' +
        'optionally prefixed by a key id (`k2:<hex>`). Generated into the data directory when unset.',
    }),
  ),
  GATEHOUSE_PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]+$',
      description:
        'Origin clients use to reach the server; absolute `$next` links and OAuth issuer. ' +
        'Defaults to http://HOST:PORT.',
    }),
  ),
  GATEHOUSE_ADMIN_EMAIL: Type.Optional(
    Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', description: 'Platform administrator created on first start.' }),
  ),
  GATEHOUSE_ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 12,
      description: 'Password of that administrator (at least 12 characters). Generated and printed once when unset.',
    }),
  ),
  GATEHOUSE_DEMO: Type.Optional(
    StringEnum(['true', 'false'], {
      description:
        'Demo mode: seed a demo district, application and integration on first start (embedded database ' +
        'only), and let people of that district sign in by picking who they are. Unset, it is on for the ' +
        'embedded database (and says so at start) and off on PostgreSQL.',
    }),
  ),
  GATEHOUSE_ALLOW_PRIVATE_ISSUERS: StringEnum(['true', 'false'], {
    default: 'false',
    description:
      "Let a source's sign-in issuer be on a loopback, link-local or private address (development and " +
      'tests). Off, Gatehouse refuses such an issuer and never connects to one, however its name resolves.',
  }),
  GATEHOUSE_ALLOW_PRIVATE_WEBHOOKS: StringEnum(['true', 'false'], {
    default: 'false',
    description:
      "Let webhooks and activation messages go to an application's URL on a loopback, link-local or " +
      'private address (development and tests). Off, such a delivery fails, however the name resolves.',
  }),
  GATEHOUSE_WEBHOOK_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 60,
    default: 10,
    description: 'How long a webhook receiver has to answer before the attempt counts as failed and is retried.',
  }),
  GATEHOUSE_WORKERS: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 1,
    description:
      'Processes `serve` runs to answer HTTP on one port (PostgreSQL only: the embedded database is one process).',
  }),
  LOG_LEVEL: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'Log verbosity.',
  }),
});

type Env = Static<typeof Settings>;

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  publicUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Demo mode, and whether the setting asked for it or the embedded database's default did. */
  demo: boolean;
  demoByDefault: boolean;
  allowPrivateIssuers: boolean;
  allowPrivateWebhooks: boolean;
  webhookTimeoutSeconds: number;
  /** How many processes `serve` answers HTTP with; above 1, a primary process forks them (cluster.ts). */
  workers: number;
  logLevel: string;
};

export class ConfigError extends Error {}

/** Reads and validates the environment; throws one ConfigError naming every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(Settings.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Default(Settings, Value.Convert(Settings, raw));
  const problems = [...Value.Errors(Settings, converted)].map((error) => describeSettingError(error));
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  const settings = converted as Env;
  return {
    port: settings.PORT,
    host: settings.HOST,
    dataDir: settings.GATEHOUSE_DATA_DIR,
    databaseUrl: settings.DATABASE_URL,
    secretKey: settings.GATEHOUSE_SECRET_KEY,
    publicUrl: (
      settings.GATEHOUSE_PUBLIC_URL ??
      `http://${settings.HOST === '0.0.0.0' ? '127.0.0.1' : settings.HOST}:${settings.PORT}`
    ).replace(/\/$/, ''),
    adminEmail: settings.GATEHOUSE_ADMIN_EMAIL,
    adminPassword: settings.GATEHOUSE_ADMIN_PASSWORD,
    // A real deployment's database (PostgreSQL) never starts a demo unless asked to.
    demo: settings.GATEHOUSE_DEMO === undefined ? !settings.DATABASE_URL : settings.GATEHOUSE_DEMO === 'true',
    demoByDefault: settings.GATEHOUSE_DEMO === undefined && !settings.DATABASE_URL,
    allowPrivateIssuers: settings.GATEHOUSE_ALLOW_PRIVATE_ISSUERS === 'true',
    allowPrivateWebhooks: settings.GATEHOUSE_ALLOW_PRIVATE_WEBHOOKS === 'true',
    webhookTimeoutSeconds: settings.GATEHOUSE_WEBHOOK_TIMEOUT_SECONDS,
    workers: settings.GATEHOUSE_WORKERS,
    logLevel: settings.LOG_LEVEL,
  };
}

function describeSettingError(error: { instancePath: string; message: string; params: object }): string {
  const name = error.instancePath.slice(1);
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  return `${name}: ${allowed ? `must be one of ${allowed.join(', ')}` : error.message}`;
}

/** One row per setting: name, default and description, for docs and `--help`. */
export function describeSettings(): Array<{ name: string; default: unknown; description: string }> {
  return Object.entries(Settings.properties).map(([name, schema]) => ({
    name,
    default: (schema as { default?: unknown }).default,
    description: (schema as { description?: string }).description ?? '',
  }));
}
