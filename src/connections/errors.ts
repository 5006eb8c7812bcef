import { ApiError } from '../lib/errors.ts';

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
