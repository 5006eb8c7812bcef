import type { Generated } from 'kysely';
import type { Json } from '../db/json.ts';

export type SubjectType = 'user' | 'person' | 'client';

/** Who an authorization is for, and in which team it counts. */
export type Subject = {
  team_id: string;
  subject_type: SubjectType;
  user_id: string | null;
  person_id: string | null;
  integration_id: string | null;
  auth_time: Date;
};

/** The validated parameters of an authorization request, kept while the browser signs in. */
export type AuthorizationRequest = {
  redirect_uri: string;
  state: string | null;
  scopes: string[];
  nonce: string | null;
  code_challenge: string | null;
  /**
   * The one team the sign-in may land in (a team key's own, or the `team_id` hint); null: any team the key is on in.
   */
  team_id: string | null;
};

export type OAuthTables = {
  oauth_interactions: {
    id: string;
    cookie_hash: string;
    developer_key_id: string;
    request: Json<AuthorizationRequest>;
    team_id: string | null;
    subject_type: 'user' | 'person' | null;
    user_id: string | null;
    person_id: string | null;
    integration_id: string | null;
    auth_time: Date | null;
    upstream_source_id: string | null;
    upstream_state_hash: string | null;
    /**
     * Sealed JSON of the PKCE verifier and nonce sent to the upstream
     * issuer (context `oauth_interactions.upstream_secrets`).
     */
    upstream_secrets: string | null;
    expires_date: Date;
    created_date: Generated<Date>;
  };
  oauth_codes: Subject & {
    code_hash: string;
    developer_key_id: string;
    redirect_uri: string;
    scopes: Json<string[]>;
    nonce: string | null;
    code_challenge: string | null;
    /** The grant the code was exchanged for: a replayed code revokes it. */
    grant_id: string | null;
    expires_date: Date;
    used_date: Date | null;
    created_date: Generated<Date>;
  };
  oauth_grants: Subject & {
    id: string;
    developer_key_id: string;
    /** What the sign-in granted: the most any refresh may ask for. */
    scopes: Json<string[]>;
    /** What the current access token carries: the grant's scopes, or fewer when a refresh asked for fewer. */
    access_scopes: Json<string[]>;
    access_token_hash: string | null;
    access_expires_date: Date | null;
    created_date: Generated<Date>;
    revoked_date: Date | null;
  };
  oauth_refresh_tokens: { token_hash: string; grant_id: string; created_date: Generated<Date>; used_date: Date | null };
  oauth_signing_keys: {
    kid: string;
    alg: string;
    public_jwk: Json<Record<string, unknown>>;
    /**
     * Sealed private JWK (context `oauth_signing_keys.private_jwk`), so every server process signs with the same key.
     */
    private_jwk: string;
    /** When it was published (in the key set). */
    created_date: Generated<Date>;
    /** When it starts signing: a rotation publishes the new key ahead of it. */
    active_date: Generated<Date>;
    /** When it stops signing (set as its successor is published); it stays published until its id_tokens expire. */
    retired_date: Date | null;
  };
};
