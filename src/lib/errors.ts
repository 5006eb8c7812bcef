/**
 * Errors of the `/api` surfaces: one class per code, answered as `$errors: [{code, message}]`.
 * Anything that is not an ApiError becomes a 500 with a generic message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export class BadRequest extends ApiError {
  constructor(message: string) {
    super(400, 'BAD_REQUEST', message);
  }
}

export class InvalidRequestBody extends ApiError {
  constructor(message: string) {
    super(400, 'INVALID_REQUEST_BODY', message);
  }
}

export class InvalidUuid extends ApiError {
  constructor(parameter: string) {
    super(400, 'INVALID_UUID', `A valid v4 or v5 UUID or Alias is expected for parameter '${parameter}'.`);
  }
}

export class InvalidFilter extends ApiError {
  constructor(message: string) {
    super(400, 'INVALID_FILTER', message);
  }
}

export class InvalidCursor extends ApiError {
  constructor() {
    super(
      400,
      'INVALID_CURSOR',
      'The `$cursor` parameter is malformed or has expired; start again from the first page.',
    );
  }
}

export class InvalidPageSize extends ApiError {
  constructor(parameter: string) {
    super(400, 'INVALID_PAGE_SIZE', `The parameter '${parameter}' must be an integer between 1 and 10000.`);
  }
}

export class InvalidToken extends ApiError {
  constructor(message = 'You must supply a valid access token to access this endpoint.') {
    super(401, 'INVALID_TOKEN', message);
  }
}

export class ExpiredToken extends ApiError {
  constructor() {
    super(401, 'EXPIRED_TOKEN', 'Your access token has expired; refresh it to continue.');
  }
}

export class UnsharedToken extends ApiError {
  constructor() {
    super(
      403,
      'UNSHARED_TOKEN',
      'The person associated with your access token is no longer shared with this integration.',
    );
  }
}

export class InvalidIntegrationState extends ApiError {
  constructor() {
    super(
      400,
      'INVALID_INTEGRATION_STATE',
      "The integration associated with your access token is not marked as 'active' or 'paused'.",
    );
  }
}

export class NoPermission extends ApiError {
  constructor(message = 'You do not have permission to perform this action.') {
    super(403, 'NO_PERMISSION', message);
  }
}

export class NotFound extends ApiError {
  constructor(message: string) {
    super(404, 'NOT_FOUND', message);
  }
}

export class Conflict extends ApiError {
  constructor(message: string) {
    super(409, 'CONFLICT', message);
  }
}

export class PayloadTooLarge extends ApiError {
  constructor(message: string) {
    super(413, 'PAYLOAD_TOO_LARGE', message);
  }
}

export class UnsupportedMediaType extends ApiError {
  constructor(message: string) {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class UnsupportedOperation extends ApiError {
  constructor(message = 'This operation is not supported for this integration.') {
    super(501, 'UNSUPPORTED_OPERATION', message);
  }
}

export class Unauthenticated extends ApiError {
  constructor() {
    super(401, 'UNAUTHENTICATED', 'Sign in, or send a team API key as `Authorization: Bearer <key>`.');
  }
}

export class CrossSiteRequest extends ApiError {
  constructor() {
    super(
      403,
      'CROSS_SITE_REQUEST',
      "A change made with the session cookie must come from Gatehouse's own pages (a same-origin `Origin` header).",
    );
  }
}

export class TooManyRequests extends ApiError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'TOO_MANY_REQUESTS', message, { 'Retry-After': String(retryAfterSeconds) });
  }
}
