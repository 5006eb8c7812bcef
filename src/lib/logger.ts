import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

const SECRET_PARAMS =
  /([?&](?:access_token|refresh_token|client_secret|code|code_verifier|password|token|secret)=)[^&]*/gi;

/** Request URLs with secret-bearing query parameters blanked. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

const SECRET_FIELDS = ['password', 'client_secret', 'access_token', 'refresh_token', 'secret', 'token'];
const SECRET_HEADERS = ['authorization', 'cookie', '["set-cookie"]'];

/**
 * Where request headers turn up in log objects: Fastify's `req`, and the options libraries log
 * at trace level (the multipart parser logs `busboyOptions.headers`), one or two levels down.
 */
const REDACTED = [
  ...SECRET_HEADERS.flatMap((header) => [
    `headers.${header}`.replace('.[', '['),
    `*.headers.${header}`.replace('.[', '['),
    `*.*.headers.${header}`.replace('.[', '['),
  ]),
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

type Destination = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Pino that never prints a secret: credentials in headers, bodies or query strings are redacted
 * at every level. Human-readable lines on a terminal, JSON lines otherwise (for a log
 * collector). Logs go to stderr so stdout carries only what commands print.
 */
export function createLogger(level: string, destination: Destination = process.stderr): Logger {
  const options = {
    level,
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        id: req.id,
      }),
    },
  };
  if (destination.isTTY) return pino(options, pretty({ destination, sync: true, colorize: true }));
  return pino(options, destination === process.stderr ? pino.destination(2) : destination);
}
