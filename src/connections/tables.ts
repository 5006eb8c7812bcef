import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type RefreshState = 'refresh_failed' | 'reauth_required' | 'refresh_recovered';

export type ConnectionTables = {
  connection_tokens: {
    id: string;
    source_id: string;
    team_id: string;
    /** '' for the token the connect flow obtained; the sorted scopes of a client-credentials token. */
    scope_key: Generated<string>;
    /** Sealed (context `connection_tokens.access_token`). */
    access_token: string;
    /** Sealed (context `connection_tokens.refresh_token`). */
    refresh_token: string | null;
    token_type: string | null;
    scopes: Json<string[]>;
    /** Null when the provider did not say: unknown, not never. */
    expires_at: Date | null;
    refresh_state: RefreshState | null;
    /** Days on which refreshing failed, counted once per day; the token is given up after a few. */
    failed_days: Generated<number>;
    last_failure_date: string | null;
    last_attempt_at: Date | null;
    last_error: string | null;
    created_date: Generated<Date>;
    updated_date: Generated<Date>;
  };
  /** A connect flow under way: its state (hashed), the team's mapping, the sealed PKCE verifier, who started it. */
  connection_states: {
    state_hash: string;
    source_id: string;
    team_id: string;
    code_verifier: string | null;
    actor_type: string;
    actor_id: string | null;
    expires_at: Date;
  };
};
