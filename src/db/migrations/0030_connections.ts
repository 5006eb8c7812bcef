import { type Kysely, sql } from 'kysely';
import { runStatements } from '../migrate.ts';

/**
 * Connections to outside systems. A provider gains its definition (auth mode, typed config
 * schema, PKCE, refresh margin, the hosts the proxy may reach) and the platform's defaults (config,
 * OAuth client, sealed secrets). A source is a team's mapping to a provider, so a team holds one
 * source per provider. Tokens live beside their source, sealed, one row per grant: the
 * authorization-code token (`scope_key` '') and client-credentials tokens cached per scope.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await refuseDuplicateSources(db);
  await runStatements(db, [
    `alter table providers
      add column auth_mode text not null default 'none'
        check (auth_mode in ('oauth2_authorization_code', 'oauth2_client_credentials', 'api_key', 'none')),
      add column config_schema jsonb not null default '{}',
      add column pkce boolean not null default false,
      add column refresh_margin_seconds integer not null default 300,
      add column api_base_urls jsonb not null default '[]',
      add column entity_id_from jsonb,
      add column builtin boolean not null default false,
      add column defaults jsonb not null default '{}',
      add column secret_defaults text,
      add column client_id text,
      add column client_secret text`,
    'alter table sources add column secret_config text',
    'create unique index sources_one_per_provider on sources (team_id, provider_id)',
    `create table connection_tokens (
      id uuid primary key,
      source_id uuid not null references sources(id) on delete cascade,
      team_id uuid not null references teams(id) on delete cascade,
      scope_key text not null default '',
      access_token text not null,
      refresh_token text,
      token_type text,
      scopes jsonb not null default '[]',
      expires_at timestamptz,
      refresh_state text check (refresh_state in ('refresh_failed', 'reauth_required', 'refresh_recovered')),
      failed_days integer not null default 0,
      last_failure_date date,
      last_attempt_at timestamptz,
      last_error text,
      created_date timestamptz not null default now(),
      updated_date timestamptz not null default now(),
      unique (source_id, scope_key)
    )`,
    'create index connection_tokens_expiry on connection_tokens (expires_at) where refresh_token is not null',
    `create table connection_states (
      state_hash text primary key,
      source_id uuid not null references sources(id) on delete cascade,
      team_id uuid not null references teams(id) on delete cascade,
      code_verifier text,
      expires_at timestamptz not null
    )`,
  ]);
}

/**
 * A team that holds two sources of one provider cannot take the rule; the upgrade stops before
 * changing anything and names them, rather than failing on the unique index.
 */
async function refuseDuplicateSources(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ team_id: string; provider: string; sources: string }>`
    select s.team_id, p.name as provider, string_agg(s.id::text || ' (' || s.name || ')', ', ') as sources
    from sources s join providers p on p.id = s.provider_id
    group by s.team_id, p.name having count(*) > 1`.execute(db);
  if (rows.length === 0) return;
  const found = rows.map((row) => `team ${row.team_id}: ${row.provider} sources ${row.sources}`).join('; ');
  throw new Error(
    `a team may now hold one source per provider, and ${found}; delete the extra sources with the ` +
      'version you run now, then upgrade',
  );
}
