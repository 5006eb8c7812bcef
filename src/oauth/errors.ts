import { OAuthError } from '../lib/oauth-errors.ts';

/** RFC 6749 / OpenID Connect codes the shared catalogue in lib/oauth-errors.ts does not hold; one class per code. */
export class UnsupportedResponseType extends OAuthError {
  constructor() {
    super(400, 'unsupported_response_type', 'Only response_type=code is permitted');
  }
}

export class LoginRequired extends OAuthError {
  constructor() {
    super(400, 'login_required', 'prompt=none but there is no current session');
  }
}

/** RFC 6750 §3.1: the bearer token of a userinfo or logout request is missing, expired or revoked. */
export class InvalidBearerToken extends OAuthError {
  constructor(description = 'Invalid access token.') {
    super(401, 'invalid_token', description, { 'WWW-Authenticate': `Bearer realm="gatehouse", error="invalid_token"` });
  }
}

export class InsufficientOAuthScope extends OAuthError {
  constructor(scope: string) {
    super(403, 'insufficient_scope', `The access token needs the scope ${scope}.`, {
      'WWW-Authenticate': `Bearer realm="gatehouse", error="insufficient_scope"`,
    });
  }
}

export class ServerError extends OAuthError {
  constructor(description: string) {
    super(502, 'server_error', description);
  }
}

export const INVALID_SCOPE_DESCRIPTION =
  'A requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner. The following scopes were requested, but not granted:';
