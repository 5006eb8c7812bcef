import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiError,
  BadRequest,
  Conflict,
  Internal,
  InvalidRequestBody,
  InvalidUuid,
  PayloadTooLarge,
  StatusError,
  UnsupportedMediaType,
  UriTooLong,
} from './errors.ts';
import { OAuthError } from './oauth-errors.ts';
import { describeValidation } from './validation.ts';

/** Routes answering in OAuth's `{error, error_description}` shape set `config.errorFormat`. */
declare module 'fastify' {
  interface FastifyContextConfig {
    errorFormat?: 'oauth';
  }
}

const PG_CODES: Record<string, (error: { message: string }) => ApiError> = {
  '23505': () => new Conflict('A record with these values already exists.'),
  '23503': () => new BadRequest('The request refers to a record that does not exist.'),
  '22P02': (error) => new BadRequest(`Invalid value: ${error.message}`),
  '22001': () => new BadRequest('A value is longer than allowed.'),
  '22003': () => new BadRequest('A number is out of range.'),
  '22007': () => new BadRequest('A date is malformed.'),
  '22008': () => new BadRequest('A date is out of range.'),
  '54000': () => new BadRequest('A value is too large.'),
  '22P05': () => new BadRequest('A text holds a character the database cannot store (NUL).'),
};

/** Maps whatever was thrown to one error of the surface's own format. */
export function toApiError(error: FastifyError & { code?: string; validationContext?: string }): ApiError {
  if (error instanceof ApiError) return error;
  if (error.validation) {
    const part = error.validationContext ?? 'request';
    const message = describeValidation(part, error.validation as never);
    if (
      part === 'params' &&
      error.validation.some((entry) => entry.params && (entry.params as { format?: string }).format === 'uuid')
    ) {
      return new InvalidUuid(error.validation[0]?.instancePath.slice(1) ?? 'id');
    }
    return part === 'body' ? new InvalidRequestBody(message) : new BadRequest(message);
  }
  const pg = error.code ? PG_CODES[error.code] : undefined;
  if (pg) return pg(error);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLarge('The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaType('Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidRequestBody('The request body is empty; send a JSON object.');
    case 'FST_ERR_BAD_URL':
      return new BadRequest('The URL is not validly percent-encoded.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new UriTooLong('A path segment of the URL is too long.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InvalidRequestBody(`The request body is not valid JSON: ${error.message}`);
  }
  if (error instanceof SyntaxError || error.statusCode === 400)
    return new InvalidRequestBody(`The request is malformed: ${error.message}`);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new StatusError(error.statusCode, error.message);
  return new Internal();
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (request.routeOptions?.config?.errorFormat === 'oauth') {
    const oauth = error instanceof OAuthError ? error : OAuthError.from(toApiError(error));
    if (oauth.status >= 500) request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(oauth.headers)) reply.header(name, value);
    reply.status(oauth.status).send({ error: oauth.error, error_description: oauth.message });
    return;
  }
  const apiError = toApiError(error);
  if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
  for (const [name, value] of Object.entries(apiError.headers)) reply.header(name, value);
  reply
    .status(apiError.status)
    .send({ $errors: [{ code: apiError.code, message: apiError.message }], $request: request.id });
}
