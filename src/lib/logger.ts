import pino, { type Logger } from 'pino';

const SECRET_PARAMS =
  /([?&](?:access_token|refresh_token|client_secret|code|code_verifier|password|token|secret)=)[^&]*/gi;

/** Request URLs with secret-bearing query parameters blanked. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/**
 * Pino that never prints a secret: credentials in headers, bodies or query strings are redacted.
 * Logs go to stderr so stdout carries only what commands print (JSON listings, the demo's curl).
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.client_secret',
          '*.access_token',
          '*.refresh_token',
          '*.secret',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          id: req.id,
        }),
      },
    },
    pino.destination(2),
  );
}
