import { type Static, Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../feature.ts';
import { Enveloped, envelope } from '../../lib/envelope.ts';
import { parseFilter } from '../../lib/filter.ts';
import { pageEnvelope } from '../../lib/listing.ts';
import { parsePaging } from '../../lib/paging.ts';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/schema.ts';
import { GraphListQuery, idParams } from '../schema.ts';
import { EVENT_FILTERS, fetchEvent, listEvents } from '../store/events.ts';
import { requirePermissions } from '../viewer.ts';
import { notFound, ONE_STATEMENT, readingAs } from './define.ts';

const tags = ['graph'];

const Event = Type.Object(
  {
    id: Uuid,
    date: DateTime,
    type: StringEnum(['created', 'updated', 'deleted']),
    target: StringEnum([
      'district',
      'school',
      'session',
      'course',
      'class',
      'section',
      'person',
      'enrollment',
      'agent',
    ]),
    target_id: Uuid,
    integration_id: Uuid,
    materialization_id: Nullable(Uuid),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The record as the integration saw it; for `deleted`, its last value.',
    }),
  },
  { title: 'Event' },
);

/** Edlink's License has no counterpart here: the list exists (the SDK calls it) and is empty. */
const License = Type.Object(
  {
    id: Uuid,
    product_id: Uuid,
    integration_id: Uuid,
    school_count: Type.Integer(),
    class_count: Type.Integer(),
    person_count: Type.Integer(),
  },
  { title: 'License' },
);

/** The change feed (Edlink's `/events`: created, updated and deleted records, 30 days back) and the license list. */
export function eventRoutes(app: Api, ctx: AppContext): void {
  const permissions = ['events:read'] as const;
  app.get(
    '/events',
    {
      config: ONE_STATEMENT,
      schema: {
        tags,
        summary: "The integration's change feed, oldest first; page forward with `$after` or `$next`. Kept 30 days.",
        description: 'Needs events:read.',
        querystring: GraphListQuery,
        response: { 200: Enveloped(Type.Array(Event)) },
      },
    },
    (request) =>
      readingAs(ctx, request, async (viewer) => {
        requirePermissions(viewer, permissions);
        const paging = parsePaging(request.query, ctx.cursorKey);
        const rows = await listEvents(ctx.db, viewer, parseFilter(paging.params.$filter, EVENT_FILTERS), paging);
        return pageEnvelope(request, ctx.config.publicUrl, paging, rows, (row) => row.data as Static<typeof Event>);
      }),
  );

  app.get(
    '/events/:event_id',
    {
      config: ONE_STATEMENT,
      schema: {
        tags,
        summary: 'One event of the feed.',
        description: 'Needs events:read.',
        params: idParams('event_id'),
        response: { 200: Enveloped(Event) },
      },
    },
    (request) =>
      readingAs(ctx, request, async (viewer) => {
        requirePermissions(viewer, permissions);
        const id = (request.params as { event_id: string }).event_id;
        const found = await fetchEvent(ctx.db, viewer, id);
        if (!found) throw notFound({ name: 'Event' }, id);
        return envelope(request, found.data as Static<typeof Event>);
      }),
  );

  app.get(
    '/licenses',
    {
      schema: {
        tags,
        summary: 'Licenses of the integration: none, Gatehouse has no product licensing.',
        querystring: GraphListQuery,
        response: { 200: Enveloped(Type.Array(License)) },
      },
    },
    async (request) => {
      parsePaging(request.query, ctx.cursorKey);
      return envelope(request, []);
    },
  );
}
