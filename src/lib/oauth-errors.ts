import type { ApiError } from './errors.ts';

/** RFC 6749 errors, answered as `{error, error_description}`; one class per code. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly headers: Record<string, string>;

  constructor(status: number, error: string, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.status = status;
    this.error = error;
    this.headers = headers;
  }

  static from(error: ApiError): OAuthError {
    if (error.status >= 500) return new OAuthError(500, 'server_error', 'An unexpected error occurred.');
    return new InvalidRequest(error.message);
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_request', description);
  }
}

export class InvalidClient extends OAuthError {
  constructor(description = 'unknown client') {
    super(401, 'invalid_client', description, { 'WWW-Authenticate': 'Bearer realm="gatehouse"' });
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_grant', description);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super(400, 'unauthorized_client', description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor() {
    super(400, 'unsupported_grant_type', 'The grant_type you requested is not currently supported');
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_scope', description);
  }
}

export class AccessDenied extends OAuthError {
  constructor(description: string) {
    super(403, 'access_denied', description);
  }
}
