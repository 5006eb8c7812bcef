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
import { Enveloped, ErrorEnvelope, envelope } from '../lib/envelope.ts';
import { BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType } from '../lib/errors.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { ListQuery } from '../lib/schema.ts';
import { SourceParams } from '../sources/schema.ts';
import { findSource } from '../sources/store.ts';
import { presentImport } from './presenters.ts';
import { recoverInterrupted } from './recovery.ts';
import { Import, ImportParams, UploadBody } from './schema.ts';
import { runImport } from './service.ts';
import * as store from './store.ts';

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

/** Streams the one uploaded file to a temporary folder; the caller removes the folder. */
async function receiveUpload(request: FastifyRequest): Promise<{ folder: string; path: string }> {
  if (!request.isMultipart())
    throw new UnsupportedMediaType('Send the export as multipart/form-data with one file field holding a .zip.');
  const upload = await request.file();
  if (!upload) throw new BadRequest('The request holds no file; send the .zip as a file field.');
  // The client's file name names the file in messages; one that could step out of the folder is replaced.
  const name = basename(upload.filename ?? '').replace(/[^\w.-]/g, '_');
  const folder = await mkdtemp(join(tmpdir(), 'gatehouse-upload-'));
  const path = join(folder, /^\w[\w.-]*$/.test(name) ? name : 'upload.zip');
  try {
    await pipeline(upload.file, createWriteStream(path));
    if (upload.file.truncated) throw new PayloadTooLarge('The upload is larger than this server accepts.');
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { folder, path };
}

/** OneRoster imports of a source: upload one, list them, read one. */
export const rosterImportRoutes: Feature = (app, ctx) => {
  app.addHook('onReady', () => recoverInterrupted(ctx.db));

  app.post(
    '/api/v1/sources/:source_id/imports',
    {
      schema: {
        tags,
        summary: 'Import a OneRoster 1.1 or 1.2 CSV export (a .zip, as multipart/form-data), all or nothing.',
        consumes: ['multipart/form-data'],
        params: SourceParams,
        body: UploadBody,
        response: { 200: Enveloped(Import), 422: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      const source = await authorizedSource(ctx, request, request.params.source_id, 'administer');
      const upload = await receiveUpload(request);
      try {
        const summary = await runImport(ctx, source.id, upload.path, { actor: actorOf(memberOf(request)) });
        if (summary.state === 'succeeded') return envelope(request, summary);
        reply.header('location', `/api/v1/sources/${source.id}/imports/${summary.id}`);
        return reply.status(422).send({
          $errors: summary.errors.map((issue) => ({ code: 'IMPORT_REFUSED', message: issue.message })),
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
      const paging = parsePaging(request.query);
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
