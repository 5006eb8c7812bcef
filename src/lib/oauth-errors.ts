import type { ApiError } from './errors.ts';

/**
 * Every OAuth 2.0 and OpenID Connect error the `/login/oauth2` endpoints answer as
 * `{error, error_description}` (RFC 6749 §5.2, RFC 6750 §3.1, OpenID Connect Core §3.1.2.6), with
 * its status. The README's table is checked against this list; one class per code below.
 */
export const OAUTH_ERRORS = {
  invalid_request: [400, 'A parameter is missing, repeated or malformed.'],
  invalid_client: [401, 'The client is unknown, or its authentication failed.'],
  invalid_grant: [400, 'The code or refresh token is invalid, used, expired, or its grant no longer stands.'],
  unauthorized_client: [400, 'The client may not use this grant, or is not turned on in the team.'],
  unsupported_grant_type: [400, 'The grant type is not supported.'],
  unsupported_response_type: [400, 'Only `response_type=code` is supported.'],
  invalid_scope: [400, 'A requested scope is unknown or wider than the key or the grant allows.'],
  access_denied: [403, 'The person or an administrator refused.'],
  login_required: [400, '`prompt=none` was asked without a signed-in session.'],
  invalid_token: [401, 'The bearer token of a userinfo or logout request is missing, expired or revoked.'],
  insufficient_scope: [403, 'The bearer token lacks the scope the endpoint needs.'],
  server_error: [500, 'An unexpected error; the server log has it.'],
  temporarily_unavailable: [503, 'An upstream issuer could not be reached.'],
} as const satisfies Record<string, readonly [number, string]>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

const BEARER = 'Bearer realm="gatehouse"';

export class OAuthError extends Error {
  readonly status: number;
  readonly error: OAuthErrorCode;
  readonly headers: Record<string, string>;

  constructor(error: OAuthErrorCode, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.status = OAUTH_ERRORS[error][0];
    this.error = error;
    this.headers = headers;
  }

  static from(error: ApiError): OAuthError {
    if (error.status >= 500) return new OAuthError('server_error', 'An unexpected error occurred.');
    return new InvalidRequest(error.message);
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string) {
    super('invalid_request', description);
  }
}

export class InvalidClient extends OAuthError {
  constructor(description = 'unknown client') {
    super('invalid_client', description, { 'WWW-Authenticate': BEARER });
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super('invalid_grant', description);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super('unauthorized_client', description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor() {
    super('unsupported_grant_type', 'The grant_type you requested is not currently supported');
  }
}

export class UnsupportedResponseType extends OAuthError {
  constructor() {
    super('unsupported_response_type', 'Only response_type=code is permitted');
  }
}

export const INVALID_SCOPE_DESCRIPTION =
  'A requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner. ' +
  'The following scopes were requested, but not granted:';

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super('invalid_scope', description);
  }
}

export class AccessDenied extends OAuthError {
  constructor(description: string) {
    super('access_denied', description);
  }
}

export class LoginRequired extends OAuthError {
  constructor() {
    super('login_required', 'prompt=none but there is no current session');
  }
}

export class InvalidBearerToken extends OAuthError {
  constructor(description = 'Invalid access token.') {
    super('invalid_token', description, { 'WWW-Authenticate': `${BEARER}, error="invalid_token"` });
  }
}

export class InsufficientOAuthScope extends OAuthError {
  constructor(scope: string) {
    super('insufficient_scope', `The access token needs the scope ${scope}.`, {
      'WWW-Authenticate': `${BEARER}, error="insufficient_scope"`,
    });
  }
}

export class TemporarilyUnavailable extends OAuthError {
  constructor(description: string) {
    super('temporarily_unavailable', description);
  }
}
