import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../src/context.ts';
import { keyset } from '../src/db/keyset.ts';
import type { Api } from '../src/feature.ts';
import { people } from '../src/graph/models/index.ts';
import { readOptions } from '../src/graph/options.ts';
import { GraphFetchQuery, GraphListQuery, idParams } from '../src/graph/schema.ts';
import { filterConditions } from '../src/graph/store/filters.ts';
import { gateConstants, present } from '../src/graph/store/presenters.ts';
import type { Presented } from '../src/graph/store/records.ts';
import { envelope } from '../src/lib/envelope.ts';
import { NotFound } from '../src/lib/errors.ts';
import { pageEnvelope } from '../src/lib/listing.ts';
import { parsePaging } from '../src/lib/paging.ts';
import { type District, SHARED_PEOPLE } from './graph-setup.ts';

export const CASES = ['fetch', 'list', 'filtered'] as const;
export type Case = (typeof CASES)[number];
export const ROUTES = ['graph', 'baseline', 'constant'] as const;
export type Route = (typeof ROUTES)[number];

const FILTER = JSON.stringify({ last_name: [{ operator: 'starts with', value: 'Ma' }] });

/** The path one case is requested at on one route; only `graph` needs the integration's token. */
export function casePath(name: Case, route: Route, personId: string): string {
  if (route === 'constant') return `/bench/constant/${name}`;
  const base = route === 'graph' ? '/api/v2/graph/people' : '/bench/baseline/people';
  if (name === 'fetch') return `${base}/${personId}`;
  return `${base}?$first=100${name === 'filtered' ? `&$filter=${encodeURIComponent(FILTER)}` : ''}`;
}

// The Graph routes send the presenters' JSON as it is, without a compiled serializer; so does the baseline.
const serializerCompiler = () => (data: unknown) => JSON.stringify(data);

/**
 * Routes only the benchmark adds, outside the Graph API's token hook. The baseline answers the
 * Graph route's rows minus the token lookup, the permission check and the join with the
 * integration's view: it reads the copy of the shared people (`SHARED_PEOPLE`: one source's, so
 * without a `source_id` condition) with the same presenter and gate mask, query and path
 * schemas, `$filter` SQL, keyset paging, envelope and serializer. Each constant route sends,
 * prebuilt, the body the Graph route answered for its case: the framework's ceiling for those
 * bytes. `captureConstants` fills them once the server listens.
 */
export function benchRoutes(app: Api, ctx: AppContext, district: District) {
  const gates = gateConstants(district.gates);
  const presenter = present(people, gates);
  const select = (conditions: RawBuilder<boolean>[]) =>
    sql<Presented>`select r.id, ${presenter} as data from ${sql.table(SHARED_PEOPLE)} r
      where ${sql.join(conditions, sql` and `)}`;

  app.get(
    '/bench/baseline/people',
    { serializerCompiler, schema: { hide: true, querystring: GraphListQuery } },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      const options = readOptions(paging.params, people);
      const page = keyset('r.id', paging);
      const conditions = [...filterConditions(people.filters, options.clauses, gates), page.bound];
      const { rows } = await sql<Presented>`${select(conditions)} order by ${page.order} limit ${page.limit}`.execute(
        ctx.db,
      );
      return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => row.data);
    },
  );

  app.get(
    '/bench/baseline/people/:person_id',
    { serializerCompiler, schema: { hide: true, params: idParams('person_id'), querystring: GraphFetchQuery } },
    async (request) => {
      const id = (request.params as Record<string, string>).person_id as string;
      const { rows } = await select([sql<boolean>`r.id = ${id}`]).execute(ctx.db);
      if (!rows[0]) throw new NotFound(`Person with id ${id} not found.`);
      return envelope(request, rows[0].data);
    },
  );

  const constants = new Map<Case, string>();
  for (const name of CASES) {
    app.get(`/bench/constant/${name}`, { schema: { hide: true } }, (_request, reply) => {
      reply.type('application/json; charset=utf-8').send(constants.get(name));
    });
  }
  return async function captureConstants(origin: string): Promise<void> {
    for (const name of CASES) {
      const response = await fetch(`${origin}${casePath(name, 'graph', district.personId)}`, {
        headers: { authorization: `Bearer ${district.token}` },
      });
      if (!response.ok) throw new Error(`${name}: the Graph API answered ${response.status}: ${await response.text()}`);
      constants.set(name, await response.text());
    }
  };
}
