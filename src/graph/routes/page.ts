import type { FastifyRequest } from 'fastify';
import type { RawBuilder } from 'kysely';
import type { AppContext } from '../../context.ts';
import { pageEnvelope } from '../../lib/listing.ts';
import { type Paging, parsePaging } from '../../lib/paging.ts';
import type { Model } from '../models/index.ts';
import { readOptions, shape } from '../options.ts';
import { listRecords } from '../store/records.ts';
import type { Viewer } from '../viewer.ts';

/**
 * One page of the viewer's records of `model` that meet `where` (a store's condition on the row):
 * paged, filtered, expanded and trimmed as the query asks, for the Graph API's lists, the User
 * API's and an organization browsing its own source.
 */
export function listPage(
  ctx: AppContext,
  request: FastifyRequest,
  viewer: Viewer,
  model: Model,
  where?: RawBuilder<boolean>,
) {
  return pageOf(
    ctx,
    request,
    parsePaging(request.query as Record<string, unknown>, ctx.cursorKey),
    viewer,
    model,
    where,
  );
}

/** `listPage` for a caller that read the paging itself, to take its own parameters from it. */
export async function pageOf(
  ctx: AppContext,
  request: FastifyRequest,
  paging: Paging,
  viewer: Viewer,
  model: Model,
  where?: RawBuilder<boolean>,
) {
  const options = readOptions(paging.params, model);
  const rows = await listRecords(ctx.db, viewer, model, { where, clauses: options.clauses, paging });
  const items = rows.slice(0, paging.size).map((row) => row.data);
  await shape(ctx.db, viewer, model, items, options);
  paging.warnings.push(...options.warnings);
  return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => row.data);
}
