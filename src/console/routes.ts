import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { Feature } from '../feature.ts';
import { NotFound } from '../lib/errors.ts';

/** Where `npm run console:build` (or `npm start` on a fresh clone) puts the admin console. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** The server's own surfaces: a path there that no route answers stays the API's JSON 404. */
const SERVER_PATHS = ['/api', '/docs', '/health', '/login', '/sso', '/.well-known'];

/** Vite names each built asset by its content, so a new build never reuses a cached name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The page's policy: scripts only from the server's own files. Styles may also be inline because
 * the component library writes its theme's variables and breakpoint classes into <style> tags.
 */
function consolePolicy(publicUrl: string): string {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (publicUrl.startsWith('https:')) policy.push('upgrade-insecure-requests');
  return policy.join('; ');
}

const serverPath = (path: string) => SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

const built = () => existsSync(`${CONSOLE_DIR}index.html`);

/** The admin console's built files (scripts, styles), under /assets/. */
export const consoleRoutes: Feature = async (app, ctx) => {
  if (!built()) {
    ctx.log.warn('the admin console is not built: run `npm run console:build`');
    return;
  }
  await app.register(fastifyStatic, {
    root: CONSOLE_DIR,
    wildcard: false,
    index: false,
    // The page itself is the not-found answer below, with its policy and never cached.
    globIgnore: ['index.html'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      if (path.startsWith(`${CONSOLE_DIR}assets/`)) reply.header('Cache-Control', IMMUTABLE);
    },
  });
};

/**
 * The answer where no route matched: the console is a single-page app, so a browser opening one
 * of its addresses (`/`, `/teams/…`, also on reload) gets its page; anything else, and every
 * path of the API, is the API's JSON 404. Only unmatched paths come here, so the router's own
 * refusals (an overlong path segment) still answer as before.
 */
export function notFoundHandler(ctx: AppContext) {
  const policy = consolePolicy(ctx.config.publicUrl);
  return (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    const page = request.method === 'GET' && !serverPath(path) && (request.headers.accept ?? '').includes('text/html');
    if (!page) throw new NotFound(`No route ${request.method} ${path}.`);
    if (!built()) throw new NotFound('The admin console is not built: run `npm run console:build`.');
    return reply
      .code(200)
      .header('Content-Security-Policy', policy)
      .header('Cache-Control', 'no-store')
      .sendFile('index.html', CONSOLE_DIR);
  };
}
