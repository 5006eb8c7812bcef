import cluster from 'node:cluster';
import { Type } from 'typebox';
import { pendingMigrations, ping } from '../db/migrate.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';

/** Liveness and readiness, for load balancers and the Edlink SDK's `Edlink.up()`. */
export const opsRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/up',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness: answers while the process runs.',
        response: { 200: Enveloped(Type.Literal('OK')) },
      },
    },
    async (request) => envelope(request, 'OK' as const),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: first-start seeding is done, the database answers and every migration is applied.',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            database: Type.String(),
            worker: Type.Optional(
              Type.Integer({ description: 'Which process of `serve --workers N` answered (absent with one).' }),
            ),
          }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      if (ctx.startup.pending)
        return reply.status(503).send({ status: 'unavailable' as const, reason: `starting: ${ctx.startup.pending}` });
      try {
        await ping(ctx.db);
        const pending = await pendingMigrations(ctx.db);
        if (pending.length > 0)
          return reply
            .status(503)
            .send({ status: 'unavailable' as const, reason: `pending migrations: ${pending.join(', ')}` });
        // Which worker answered tells an operator (and the tests) that each of them serves.
        const worker = cluster.worker?.id;
        return { status: 'ready' as const, database: ctx.database.kind, ...(worker ? { worker } : {}) };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, reason: 'database unreachable' });
      }
    },
  );
};
