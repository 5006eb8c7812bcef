import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type PrincipalOf, principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import type { Api } from '../feature.ts';
import { agents, classes, districts, type Model, schools, sections } from '../graph/models/index.ts';
import { listPage } from '../graph/routes/page.ts';
import { GraphListQuery } from '../graph/schema.ts';
import { isShared } from '../graph/store/records.ts';
import { isRelated, MINE, type MineKind } from '../graph/store/relations.ts';
import { KIND_PERMISSION, requirePermissions } from '../graph/viewer.ts';
import { Enveloped } from '../lib/envelope.ts';
import { NotFound } from '../lib/errors.ts';

/** The path parameters that name one of the person's records, and the model each names. */
const OWNED: ReadonlyArray<[string, Model]> = [
  ['district_id', districts],
  ['school_id', schools],
  ['class_id', classes],
  ['section_id', sections],
  ['agent_id', agents],
];

/** Whether the record is shared with the integration and related to the person. */
async function mine(db: Executor, me: PrincipalOf<'person'>, model: Model, id: string): Promise<boolean> {
  if (!(await isShared(db, me.viewer, model.kind, id))) return false;
  return isRelated(db, model.kind, id, MINE[model.kind as MineKind], me.id);
}

/**
 * preHandler of every User API route: a record named in the path must be one of the person's,
 * or the request ends in the same NOT_FOUND as for an id that does not exist. Below that, fetches
 * and nested lists are the Graph API's own, over the integration's view.
 */
export function ownedRecords(ctx: AppContext) {
  return async function ownedRecords(request: FastifyRequest): Promise<void> {
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const me = principalOf(request, 'person');
    for (const [param, model] of OWNED) {
      const id = params[param];
      if (id && !(await mine(ctx.db, me, model, id)))
        throw new NotFound(`${model.name} with id ${id} not found for this person.`);
    }
  };
}

/**
 * `GET path`: the person's records of `model` that the integration
 * shares, paged, filtered and shaped as in the Graph API.
 */
export function defineMyList(app: Api, ctx: AppContext, path: string, model: Model, summary: string): void {
  const permission = KIND_PERMISSION[model.kind];
  app.get(
    path,
    {
      serializerCompiler: () => JSON.stringify,
      schema: {
        tags: ['user-api'],
        summary,
        description: `Needs ${permission}.`,
        querystring: GraphListQuery,
        response: { 200: Enveloped(Type.Array(model.schema)) },
      },
    },
    async (request) => {
      const me = principalOf(request, 'person');
      requirePermissions(me.viewer, [permission]);
      return listPage(ctx, request, me.viewer, model, MINE[model.kind as MineKind](me.id));
    },
  );
}
