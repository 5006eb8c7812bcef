/**
 * Every code the `/api` surfaces answer as `$errors: [{code, message}]`, its status, and when it
 * is answered. The README's table is checked against this list; one class per code below.
 */
export const API_ERRORS = {
  BAD_REQUEST: [400, 'A query parameter, a header or the URL is malformed.'],
  INVALID_REQUEST_BODY: [
    400,
    "The body is not JSON or does not match the endpoint's schema; the message names the field.",
  ],
  INVALID_UUID: [400, 'An id in the path is not a UUID.'],
  INVALID_FILTER: [400, '`$filter` is malformed or names a field that cannot be filtered.'],
  INVALID_CURSOR: [400, '`$cursor` was altered, comes from another endpoint, or has expired.'],
  INVALID_PAGE_SIZE: [400, '`$first` or `$last` is not an integer between 1 and 10000.'],
  INVALID_VERIFIER: [400, 'The activation verifier is unknown, already exchanged, expired, or of another integration.'],
  INVALID_INTEGRATION_STATE: [400, "The token's integration is not active (Edlink says 'active' or 'paused')."],
  UNAUTHENTICATED: [401, 'No credential, or one this endpoint does not accept.'],
  INVALID_TOKEN: [401, 'The token or secret is unknown, revoked, or its grant no longer stands.'],
  EXPIRED_TOKEN: [401, 'The access token has expired; refresh it.'],
  INSUFFICIENT_SCOPE: [401, "The OAuth token's endpoint scopes do not include this endpoint."],
  NO_PERMISSION: [403, "The caller's role, or the integration's permissions, do not allow this."],
  UNSHARED_TOKEN: [403, "The token's person is no longer shared with the integration."],
  CROSS_SITE_REQUEST: [403, 'A change made with the session cookie came from another origin or not as JSON.'],
  NOT_FOUND: [404, 'No such route, or no such record visible to the caller (another team’s included).'],
  METHOD_NOT_ALLOWED: [405, 'The route does not answer this method.'],
  NOT_ACCEPTABLE: [406, 'The endpoint cannot answer in a type the `Accept` header allows.'],
  REQUEST_TIMEOUT: [408, 'The request was not received in time.'],
  CONFLICT: [409, 'A record with the same unique values exists, or the change conflicts with current state.'],
  LENGTH_REQUIRED: [411, 'The body has no length.'],
  PAYLOAD_TOO_LARGE: [413, 'The body is larger than the endpoint accepts.'],
  URI_TOO_LONG: [414, 'The URL, or a segment of its path, is too long.'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'The body is sent in a type the endpoint does not read.'],
  IMPORT_REFUSED: [422, 'A OneRoster import was refused and changed nothing; each entry names the problem.'],
  NOT_CONNECTED: [409, 'The connection lacks what the call needs: a required config value, a client, a token.'],
  REAUTH_REQUIRED: [409, 'The provider refused the refresh token for good; connect again.'],
  TOO_MANY_REQUESTS: [429, 'Too many failed sign-ins; `Retry-After` says when to try again.'],
  HEADERS_TOO_LARGE: [431, 'The request headers are too large.'],
  INTERNAL: [500, 'An unexpected error; quote `$request` when reporting it.'],
  UNSUPPORTED_OPERATION: [501, 'The operation is not supported for this integration.'],
  REFRESH_FAILED: [502, "The provider would not refresh the token; the mapping's `refresh_state` says more."],
  UPSTREAM_UNAVAILABLE: [502, "The provider's API could not be reached; the proxy hands back no partial answer."],
} as const satisfies Record<string, readonly [number, string]>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly headers: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = API_ERRORS[code][0];
    this.code = code;
    this.headers = headers;
  }
}

/** The code of each status, for refusals the framework makes before a route runs. */
const BY_STATUS = new Map<number, ApiErrorCode>(
  (Object.entries(API_ERRORS) as Array<[ApiErrorCode, readonly [number, string]]>)
    .reverse()
    .map(([code, [status]]) => [status, code]),
);

/** A refusal known only by its status; statuses without a code of their own answer 400. */
export class StatusError extends ApiError {
  constructor(status: number, message: string) {
    super(BY_STATUS.get(status) ?? 'BAD_REQUEST', message);
  }
}

export class BadRequest extends ApiError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
  }
}

export class InvalidRequestBody extends ApiError {
  constructor(message: string) {
    super('INVALID_REQUEST_BODY', message);
  }
}

export class InvalidUuid extends ApiError {
  constructor(parameter: string) {
    super('INVALID_UUID', `A valid v4 or v5 UUID or Alias is expected for parameter '${parameter}'.`);
  }
}

export class InvalidFilter extends ApiError {
  constructor(message: string) {
    super('INVALID_FILTER', message);
  }
}

export class InvalidCursor extends ApiError {
  constructor() {
    super('INVALID_CURSOR', 'The `$cursor` parameter is malformed or has expired; start again from the first page.');
  }
}

export class InvalidPageSize extends ApiError {
  constructor(parameter: string) {
    super('INVALID_PAGE_SIZE', `The parameter '${parameter}' must be an integer between 1 and 10000.`);
  }
}

export class InvalidVerifier extends ApiError {
  constructor() {
    super('INVALID_VERIFIER', 'The verifier is unknown, already exchanged, expired, or not of this integration.');
  }
}

/** Edlink's wording, which names its `paused` state; here an integration is active or it is not. */
export class InvalidIntegrationState extends ApiError {
  constructor() {
    super(
      'INVALID_INTEGRATION_STATE',
      "The integration associated with your access token is not marked as 'active' or 'paused'.",
    );
  }
}

export class Unauthenticated extends ApiError {
  constructor() {
    super('UNAUTHENTICATED', 'Sign in, or send a team API key as `Authorization: Bearer <key>`.');
  }
}

export class InvalidToken extends ApiError {
  constructor(message = 'You must supply a valid access token to access this endpoint.') {
    super('INVALID_TOKEN', message);
  }
}

export class ExpiredToken extends ApiError {
  constructor() {
    super('EXPIRED_TOKEN', 'Your access token has expired; refresh it to continue.');
  }
}

export class InsufficientScope extends ApiError {
  constructor(needed: string) {
    super('INSUFFICIENT_SCOPE', `Insufficient scopes on access token. This request needs the scope ${needed}.`);
  }
}

export class NoPermission extends ApiError {
  constructor(message = 'You do not have permission to perform this action.') {
    super('NO_PERMISSION', message);
  }
}

export class UnsharedToken extends ApiError {
  constructor() {
    super('UNSHARED_TOKEN', 'The person associated with your access token is no longer shared with this integration.');
  }
}

export class CrossSiteRequest extends ApiError {
  constructor() {
    super(
      'CROSS_SITE_REQUEST',
      "A change made with the session cookie must come from Gatehouse's own pages (a same-origin `Origin` header).",
    );
  }
}

export class NotFound extends ApiError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class Conflict extends ApiError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class PayloadTooLarge extends ApiError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

export class UriTooLong extends ApiError {
  constructor(message: string) {
    super('URI_TOO_LONG', message);
  }
}

export class UnsupportedMediaType extends ApiError {
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class TooManyRequests extends ApiError {
  constructor(message: string, retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', message, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class Internal extends ApiError {
  constructor() {
    super('INTERNAL', 'An unexpected error occurred. Quote the $request id when reporting it.');
  }
}

export class UnsupportedOperation extends ApiError {
  constructor(message = 'This operation is not supported for this integration.') {
    super('UNSUPPORTED_OPERATION', message);
  }
}

/** The connection lacks what the call needs: a required config value, a client, a token. */
export class NotConnected extends ApiError {
  constructor(message: string) {
    super('NOT_CONNECTED', message);
  }
}

/** The provider would not refresh the token; the mapping's `refresh_state` says whether to reconnect. */
export class RefreshFailed extends ApiError {
  constructor(message: string) {
    super('REFRESH_FAILED', message);
  }
}

/** The provider refused the refresh token for good: someone of the team must connect again. */
export class ReauthRequired extends ApiError {
  constructor(provider: string) {
    super('REAUTH_REQUIRED', `The ${provider} connection must be connected again (POST …/connect).`);
  }
}

/** The provider's API did not answer: the proxy hands back no partial answer. */
export class UpstreamUnavailable extends ApiError {
  constructor(provider: string) {
    super('UPSTREAM_UNAVAILABLE', `${provider} could not be reached; try again later.`);
  }
}
