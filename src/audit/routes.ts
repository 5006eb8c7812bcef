import type { Selectable } from 'kysely';
import { Type } from 'typebox';
import { requireTeamRole } from '../auth/policies.ts';
import type { Feature } from '../feature.ts';
import { Enveloped } from '../lib/envelope.ts';
import { pageEnvelope } from '../lib/listing.ts';
import { parsePaging } from '../lib/paging.ts';
import { DateTime, ListQuery, Nullable, Uuid } from '../lib/schema.ts';
import { TeamParams } from '../teams/schema.ts';
import { listAudit } from './store.ts';
import type { AuditTables } from './tables.ts';

const Entry = Type.Object({
  id: Uuid,
  date: DateTime,
  actor: Type.Object({ type: Type.String(), id: Nullable(Uuid) }),
  action: Type.String({ description: 'e.g. `integration.updated`' }),
  target: Type.Object({ type: Type.String(), id: Uuid }),
  before: Nullable(Type.Record(Type.String(), Type.Unknown())),
  after: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

function presentEntry(entry: Selectable<AuditTables['audit_log']>) {
  return {
    id: entry.id,
    date: entry.created_date.toISOString(),
    actor: { type: entry.actor_type, id: entry.actor_id },
    action: entry.action,
    target: { type: entry.target_type, id: entry.target_id },
    before: entry.before,
    after: entry.after,
  };
}

/**
 * Every change to who may do what in a team, to its records, and every import, oldest first;
 * members of any role read it.
 */
export const auditRoutes: Feature = (app, ctx) => {
  app.get(
    '/api/v1/teams/:team_id/audit',
    {
      preHandler: requireTeamRole(ctx, 'read'),
      schema: {
        tags: ['audit'],
        summary: "A team's audit log, oldest first.",
        params: TeamParams,
        querystring: ListQuery,
        response: { 200: Enveloped(Type.Array(Entry)) },
      },
    },
    async (request) => {
      const paging = parsePaging(request.query, ctx.cursorKey);
      return pageEnvelope(
        request,
        ctx.config.publicUrl,
        paging,
        await listAudit(ctx.db, request.params.team_id, paging),
        presentEntry,
      );
    },
  );
};
