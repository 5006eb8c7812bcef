import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizeRecord } from '../auth/policies.ts';
import { actorOf, memberOf } from '../auth/principal.ts';
import type { Action } from '../auth/roles.ts';
import type { AppContext } from '../context.ts';
import type { Feature } from '../feature.ts';
import { Enveloped, envelope } from '../lib/envelope.ts';
import {
  ApiError,
  type ApiErrorCode,
  BadRequest,
  NotFound,
  PayloadTooLarge,
  UnsupportedMediaType,
} from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { SourceParams } from '../sources/schema.ts';
import { findSource } from '../sources/store.ts';
import { presentImport } from './presenters.ts';
import { recoverInterrupted } from './recovery.ts';
import { Import, ImportParams, ImportRefused, UploadBody, UploadQuery } from './schema.ts';
import { runImport } from './service.ts';
import * as store from './store/imports.ts';

const tags = ['imports'];

async function authorizedSource(ctx: AppContext, request: FastifyRequest, id: string, action: Action) {
  return authorizeRecord(
    ctx,
    memberOf(request),
    await findSource(ctx.db, id),
    action,
    () => new NotFound(`Source with id ${id} not found.`),
  );
}

const UPLOAD_LIMIT = 1024 * 1024 * 1024;

type Upload = { folder: string; path: string; allowRemovals: boolean };

/** The file of a multipart upload, with the fields sent before it. */
async function multipartFile(request: FastifyRequest) {
  const upload = await request.file();
  if (!upload) throw new BadRequest('The request holds no file; send the .zip as a file field.');
  const field = upload.fields.allow_removals;
  const allowRemovals = !Array.isArray(field) && field?.type === 'field' && field.value === 'true';
  return { stream: upload.file, filename: upload.filename, allowRemovals };
}

/**
 * Streams the export (a multipart file field, or the whole body sent as `application/zip`) to
 * a temporary folder; the caller removes the folder. A body cut short or without its multipart
 * boundary is the client's fault: a 400, never a 500.
 */
async function receiveUpload(request: FastifyRequest, query: { allow_removals?: boolean }): Promise<Upload> {
  const raw = request.headers['content-type']?.startsWith('application/zip');
  if (!raw && !request.isMultipart())
    throw new UnsupportedMediaType('Send the export as application/zip, or as multipart/form-data with a file field.');
  const folder = await mkdtemp(join(tmpdir(), 'gatehouse-upload-'));
  try {
    const part = raw
      ? { stream: request.raw, filename: 'upload.zip', allowRemovals: false }
      : await multipartFile(request);
    // The client's file name names the file in messages; one that could step out of the folder is replaced.
    const name = basename(part.filename ?? '').replace(/[^\w.-]/g, '_');
    const path = join(folder, /^\w[\w.-]*$/.test(name) ? name : 'upload.zip');
    let size = 0;
    await pipeline(
      part.stream,
      async function* limit(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > UPLOAD_LIMIT) throw new PayloadTooLarge('The upload is larger than this server accepts.');
          yield chunk;
        }
      },
      createWriteStream(path),
    );
    if ('truncated' in part.stream && part.stream.truncated)
      throw new PayloadTooLarge('The upload is larger than this server accepts.');
    return { folder, path, allowRemovals: query.allow_removals === true || part.allowRemovals };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    if (error instanceof ApiError || (error as { statusCode?: number }).statusCode === 413) throw error;
    throw new BadRequest(`The upload is malformed or cut short: ${(error as Error).message}.`);
  }
}

/** OneRoster imports of a source: upload one, list them, read one. */
export const rosterImportRoutes: Feature = (app, ctx) => {
  app.addHook('onReady', () => recoverInterrupted(ctx.db));
  // The body stays a stream, read by the route itself (receiveUpload).
  app.addContentTypeParser('application/zip', (_request, _payload, done) => done(null, undefined));

  app.post(
    '/api/v1/sources/:source_id/imports',
    {
      schema: {
        tags,
        summary:
          'Import a OneRoster 1.1 or 1.2 CSV export (a .zip, as application/zip or multipart/form-data), ' +
          'all or nothing.',
        consumes: ['multipart/form-data', 'application/zip'],
        params: SourceParams,
        querystring: UploadQuery,
        body: UploadBody,
        response: { 200: Enveloped(Import), 422: ImportRefused },
      },
    },
    async (request, reply) => {
      const source = await authorizedSource(ctx, request, request.params.source_id, 'administer');
      const upload = await receiveUpload(request, request.query);
      try {
        const summary = await runImport(ctx, source.id, upload.path, {
          allowRemovals: upload.allowRemovals,
          actor: actorOf(memberOf(request)),
        });
        if (summary.state === 'succeeded') return envelope(request, summary);
        reply.header('location', `/api/v1/sources/${source.id}/imports/${summary.id}`);
        return reply.status(422).send({
          $errors: summary.errors.map((issue) => ({
            code: 'IMPORT_REFUSED' satisfies ApiErrorCode,
            message: issue.message,
            import_id: summary.id,
          })),
          $request: request.id,
        });
      } finally {
        await rm(upload.folder, { recursive: true, force: true });
      }
    },
  );

  app.get(
    '/api/v1/sources/:source_id/imports',
    {
      schema: {
        tags,
        summary: "A source's import history, oldest first.",
        params: SourceParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Import)) },
      },
    },
    async (request) => {
      const source = await authorizedSource(ctx, request, request.params.source_id, 'read');
      const paging = parsePaging(request.query, ctx.cursorKey);
      return pageEnvelope(
        request,
        ctx.config.publicUrl,
        paging,
        await store.listImports(ctx.db, source.id, paging),
        presentImport,
      );
    },
  );

  app.get(
    '/api/v1/sources/:source_id/imports/:import_id',
    {
      schema: {
        tags,
        summary: 'One import: state, counts, warnings and errors.',
        params: ImportParams,
        response: { 200: Enveloped(Import) },
      },
    },
    async (request) => {
      const source = await authorizedSource(ctx, request, request.params.source_id, 'read');
      const found = await store.findImport(ctx.db, source.id, request.params.import_id);
      if (!found) throw new NotFound(`Import with id ${request.params.import_id} not found.`);
      return envelope(request, presentImport(found));
    },
  );
};
