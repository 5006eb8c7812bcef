import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One `debug` line per request, when it completes, instead of Fastify's two `info` lines: at the
 * default level the log tells what happened (an import, a failed job), not every call. A request
 * that failed on the way out still logs at `error`.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
    else reply.log.debug({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request completed');
  }
}
