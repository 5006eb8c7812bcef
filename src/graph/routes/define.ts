import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { verifiedIntegration } from '../../auth/integration-token.ts';
import { graphViewer } from '../../auth/principal.ts';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { Enveloped, envelope } from '../../lib/envelope.ts';
import { NoPermission, NotFound } from '../../lib/errors.ts';
import type { PermissionName } from '../../permissions/catalog.ts';
import type { Model } from '../models/index.ts';
import { readOptions, shape } from '../options.ts';
import { GraphFetchQuery, GraphListQuery, idParams } from '../schema.ts';
import { fetchRecords, isShared } from '../store/records.ts';
import type { Relation } from '../store/relations.ts';
import { KIND_PERMISSION, requirePermissions, StaleViewer, type Viewer } from '../viewer.ts';
import { listPage } from './page.ts';

const tags = ['graph'];

/**
 * `$fields` trims records and `$expand` adds to them, which a serializer compiled from a fixed
 * model would undo; the presenters already produce exactly the model, so plain JSON it is.
 */
const serializerCompiler = () => (data: unknown) => JSON.stringify(data);

export const notFound = (model: { name: string }, id: string) =>
  new NotFound(`${model.name} with id ${id} not found for this integration.`);

const unique = (names: PermissionName[]) => [...new Set(names)];

/** The routes that read in one statement: the token is proved inside their reads (see `readAs`). */
export const ONE_STATEMENT = { provesToken: true };

/**
 * Runs a route's reads as its viewer. A viewer whose token was not checked first may be stale
 * (refused, or narrower or wider than now): then the token is checked afresh and the reads run
 * again as what it now grants, or the request is refused as that check says.
 */
export async function readingAs<T>(ctx: AppContext, request: FastifyRequest, read: (viewer: Viewer) => Promise<T>) {
  const viewer = graphViewer(request);
  if (!viewer.proof) return read(viewer);
  try {
    return await read(viewer);
  } catch (error) {
    if (!(error instanceof StaleViewer || error instanceof NoPermission)) throw error;
    request.principal = await verifiedIntegration(ctx, viewer.proof.tokenHash, new Date());
    return read(graphViewer(request));
  }
}

/** A list of a parent record's related records: `param` names the path parameter, `where` relates the row `r` to it. */
export type Nesting = {
  model: Model;
  param: string;
  where: Relation;
  permissions: PermissionName[];
};

/** `GET path`: one page of the viewer's records of `model`, or, nested, of those related to a shared parent. */
export function defineList(
  app: Api,
  ctx: AppContext,
  path: string,
  model: Model,
  summary: string,
  nesting?: Nesting,
): void {
  const permissions = nesting
    ? unique([KIND_PERMISSION[nesting.model.kind], ...nesting.permissions])
    : [KIND_PERMISSION[model.kind]];
  app.get(
    path,
    {
      serializerCompiler,
      config: ONE_STATEMENT,
      schema: {
        tags,
        summary,
        description: `Needs ${permissions.join(', ')}.`,
        ...(nesting ? { params: idParams(nesting.param) } : {}),
        querystring: GraphListQuery,
        response: { 200: Enveloped(Type.Array(model.schema)) },
      },
    },
    (request) =>
      readingAs(ctx, request, async (viewer) => {
        requirePermissions(viewer, permissions);
        if (!nesting) return listPage(ctx, request, viewer, model);
        const id = (request.params as Record<string, string>)[nesting.param] as string;
        if (!(await isShared(ctx.db, viewer, nesting.model.kind, id))) throw notFound(nesting.model, id);
        return listPage(ctx, request, viewer, model, nesting.where(id));
      }),
  );
}

/** `GET path/:param`: one shared record, NOT_FOUND when it is not shared or does not exist. */
export function defineFetch(app: Api, ctx: AppContext, path: string, param: string, model: Model): void {
  const permissions = [KIND_PERMISSION[model.kind]];
  app.get(
    `${path}/:${param}`,
    {
      serializerCompiler,
      config: ONE_STATEMENT,
      schema: {
        tags,
        summary: `One ${model.name} shared with the integration.`,
        description: `Needs ${permissions.join(', ')}.`,
        params: idParams(param),
        querystring: GraphFetchQuery,
        response: { 200: Enveloped(model.schema) },
      },
    },
    (request) =>
      readingAs(ctx, request, async (viewer) => {
        requirePermissions(viewer, permissions);
        const id = (request.params as Record<string, string>)[param] as string;
        const options = readOptions(request.query as Record<string, string>, model, false);
        const [found] = await fetchRecords(ctx.db, viewer, model, [id]);
        if (!found) throw notFound(model, id);
        await shape(ctx.db, viewer, model, [found.data], options);
        return envelope(request, found.data, { warnings: options.warnings });
      }),
  );
}
