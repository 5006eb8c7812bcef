import type { FastifyInstance } from 'fastify';

/** Answers a shared cache may keep: the documentation's static files and the published discovery and keys. */
const CACHEABLE = ['/docs/static/', '/.well-known/'];

/**
 * Headers on every answer. Nothing is cached unless it is public by nature: management answers
 * carry secrets (a new API key, a client secret, an integration's access token) and personal
 * data, and a cache between the caller and us must never replay them. No answer is sniffed into
 * another type; over https, browsers are told never to try plain http.
 */
export function answerHeaders(app: FastifyInstance, publicUrl: string): void {
  const https = new URL(publicUrl).protocol === 'https:';
  // Closing waits for requests under way; their keep-alive connections would then hold the stop
  // until the client's idle timeout (a minute), so the last answers end their connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    if (closing) reply.header('connection', 'close');
    reply.header('x-request-id', request.id);
    reply.header('X-Content-Type-Options', 'nosniff');
    if (https) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!reply.hasHeader('Cache-Control') && !CACHEABLE.some((prefix) => request.url.startsWith(prefix)))
      reply.header('Cache-Control', 'no-store');
  });
}

/**
 * The documentation page's policy: Swagger UI's own (its scripts by hash), framed by nobody, and
 * without forcing https on an installation served over plain http.
 */
export function docsPolicy(publicUrl: string) {
  const https = new URL(publicUrl).protocol === 'https:';
  return (header: string) => {
    const policy = header.replace("frame-ancestors 'self'", "frame-ancestors 'none'");
    return https ? policy : policy.replace(/\s*upgrade-insecure-requests;?/, '');
  };
}
