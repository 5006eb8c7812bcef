import type { Kysely } from 'kysely';
import { runStatements } from '../migrate.ts';

/** Who an authorization is for: a Gatehouse user, a person of the rostering graph, or the client itself. */
const SUBJECT = `
  team_id uuid not null references teams(id) on delete cascade,
  subject_type text not null check (subject_type in ('user', 'person', 'client')),
  user_id uuid references users(id) on delete cascade,
  person_id uuid,
  integration_id uuid references integrations(id) on delete cascade,
  auth_time timestamptz not null`;

/**
 * Developer keys with their per-team bindings, and the OAuth provider's state. Codes, tokens,
 * secrets and cookies are stored as lookup hashes; what must be read back is sealed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table developer_keys (
      id uuid primary key,
      application_id uuid not null references applications(id) on delete cascade,
      team_id uuid references teams(id) on delete cascade,
      name text,
      email text,
      icon_url text,
      notes text,
      redirect_uris jsonb,
      scopes jsonb not null default '[]',
      require_scopes boolean not null default false,
      allow_includes boolean not null default false,
      client_type text not null default 'confidential' check (client_type in ('confidential', 'public')),
      client_credentials_role text check (client_credentials_role in ('owner', 'admin', 'developer', 'viewer')),
      state text not null default 'active' check (state in ('active', 'inactive', 'deleted')),
      secret_hash text,
      secret_hint text,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    'create index developer_keys_application on developer_keys (application_id, id)',
    'create index developer_keys_team on developer_keys (team_id, id)',
    `create table developer_key_bindings (
      id uuid primary key,
      developer_key_id uuid not null references developer_keys(id) on delete cascade,
      team_id uuid references teams(id) on delete cascade,
      state text not null default 'off' check (state in ('on', 'off', 'allow')),
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now()
    )`,
    `create unique index developer_key_bindings_team on developer_key_bindings (developer_key_id, team_id)
      where team_id is not null`,
    `create unique index developer_key_bindings_platform on developer_key_bindings (developer_key_id)
      where team_id is null`,
    `create table oauth_interactions (
      id uuid primary key,
      cookie_hash text not null,
      developer_key_id uuid not null references developer_keys(id) on delete cascade,
      request jsonb not null,
      team_id uuid references teams(id) on delete cascade,
      subject_type text check (subject_type in ('user', 'person')),
      user_id uuid references users(id) on delete cascade,
      person_id uuid,
      integration_id uuid references integrations(id) on delete cascade,
      auth_time timestamptz,
      upstream_source_id uuid references sources(id) on delete cascade,
      upstream_state_hash text unique,
      upstream_secrets text,
      expires_date timestamptz not null,
      created_date timestamptz not null default now()
    )`,
    'create index oauth_interactions_expiry on oauth_interactions (expires_date)',
    `create table oauth_codes (
      code_hash text primary key,
      developer_key_id uuid not null references developer_keys(id) on delete cascade,
      ${SUBJECT},
      redirect_uri text not null,
      scopes jsonb not null default '[]',
      nonce text,
      code_challenge text,
      grant_id uuid,
      expires_date timestamptz not null,
      used_date timestamptz,
      created_date timestamptz not null default now()
    )`,
    'create index oauth_codes_expiry on oauth_codes (expires_date)',
    `create table oauth_grants (
      id uuid primary key,
      developer_key_id uuid not null references developer_keys(id) on delete cascade,
      ${SUBJECT},
      scopes jsonb not null default '[]',
      access_token_hash text unique,
      access_expires_date timestamptz,
      created_date timestamptz not null default now(),
      revoked_date timestamptz
    )`,
    'create index oauth_grants_key on oauth_grants (developer_key_id) where revoked_date is null',
    `create table oauth_refresh_tokens (
      token_hash text primary key,
      grant_id uuid not null references oauth_grants(id) on delete cascade,
      created_date timestamptz not null default now(),
      used_date timestamptz
    )`,
    'create index oauth_refresh_tokens_grant on oauth_refresh_tokens (grant_id)',
    `create table oauth_signing_keys (
      kid text primary key,
      alg text not null,
      public_jwk jsonb not null,
      private_jwk text not null,
      created_date timestamptz not null default now(),
      retired_date timestamptz
    )`,
    `create unique index oauth_signing_keys_current on oauth_signing_keys ((retired_date is null))
      where retired_date is null`,
  ]);
}
