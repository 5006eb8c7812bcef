import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { pageEnvelope } from '../../lib/listing.ts';
import { parsePaging } from '../../lib/paging.ts';
import type { Model } from '../models/index.ts';
import { readOptions, shape } from '../options.ts';
import { listRecords } from '../store/records.ts';
import type { Relation } from '../store/relations.ts';
import type { Viewer } from '../viewer.ts';

/**
 * One page of the viewer's records of `model`, related to `parent` when given: paged, filtered,
 * expanded and trimmed as the query asks, for the Graph API's lists and the User API's alike.
 */
export async function listPage(
  ctx: AppContext,
  request: FastifyRequest,
  viewer: Viewer,
  model: Model,
  parent?: { relation: Relation; id: string },
) {
  const paging = parsePaging(request.query as Record<string, unknown>, ctx.cursorKey);
  const options = readOptions(paging.params, model);
  const where = parent?.relation(parent.id);
  const rows = await listRecords(ctx.db, viewer, model, { where, clauses: options.clauses, paging });
  const items = rows.slice(0, paging.size).map((row) => row.data);
  await shape(ctx.db, viewer, model, items, options);
  paging.warnings.push(...options.warnings);
  return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => row.data);
}
