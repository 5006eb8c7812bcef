import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Actor } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/connection.ts';
import { onIntegrationChanged } from '../graph/changes.ts';
import { Conflict, InvalidRequestBody } from '../lib/errors.ts';
import { findTeam } from '../teams/store.ts';
import { publishIntegration, publishStatusChange, wake } from '../webhooks/publish.ts';
import { publishEventsWaiting } from '../webhooks/source-topics.ts';
import { audit } from './audit.ts';
import { presentIntegration } from './presenters.ts';
import { scheduleStatusChanges } from './schedule.ts';
import type { ApproveBody } from './schema.ts';
import { checkTerms, newAccessToken, type Terms, termColumns, toDate } from './service.ts';
import * as store from './store.ts';

type Application = { id: string; requested_permissions: string[] };

/**
 * A developer team asks an organization for an integration of its application. Nothing is
 * granted and nothing is shared until the organization approves; the token the integration is
 * made with is refused until then, like an inactive one's.
 */
export async function requestIntegration(ctx: AppContext, actor: Actor, application: Application, teamId: string) {
  const team = await findTeam(ctx.db, teamId);
  if (team?.kind !== 'organization') throw new InvalidRequestBody(`body.team_id: no organization with id ${teamId}`);
  const waiting = await store.requestedIntegration(ctx.db, application.id, teamId);
  if (waiting) throw new Conflict(`The application's request ${waiting.id} to this organization awaits an answer.`);
  const { token: _token, ...token } = await newAccessToken(ctx);
  const now = new Date();
  const integration = await ctx.db.transaction().execute(async (tx) => {
    const created = await store.insertIntegration(tx, {
      id: randomUUID(),
      team_id: teamId,
      source_id: null,
      application_id: application.id,
      permissions: '[]',
      scope: 'selected',
      targets: '[]',
      status: 'requested',
      requested_status: 'requested',
      pending_permissions: JSON.stringify(application.requested_permissions),
      pending_date: now,
      ...token,
    });
    await audit(tx, actor, 'integration.requested', undefined, created);
    await publishIntegration(tx, 'integration.requested', created);
    return presentIntegration(created);
  });
  await wake(ctx);
  return integration;
}

/**
 * The organization grants what it chooses of what waits for approval, with its sharing. A
 * requested integration gets its source now and goes into service; a granted one keeps its
 * status and token and takes the new terms.
 */
export async function approveIntegration(
  ctx: AppContext,
  actor: Actor,
  before: store.IntegrationView,
  input: Static<typeof ApproveBody>,
) {
  const pending = before.pending_permissions;
  if (pending === null) throw new Conflict('Nothing of this integration awaits approval.');
  const sourceId = await approvedSource(ctx.db, before, input.source_id);
  const terms: Terms = {
    permissions: input.permissions,
    scope: input.scope,
    targets: input.targets ?? [],
    start_date: input.start_date === undefined ? before.start_date : toDate(input.start_date),
    end_date: input.end_date === undefined ? before.end_date : toDate(input.end_date),
    requested_status: before.requested_status === 'requested' ? 'active' : before.requested_status,
  };
  await checkTerms(ctx.db, sourceId, pending, terms);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const updated = await store.updateIntegration(tx, before.id, {
      ...termColumns(terms),
      source_id: sourceId,
      pending_permissions: null,
      pending_date: null,
    });
    await onIntegrationChanged(tx, before.id);
    await audit(tx, actor, 'integration.approved', before, updated);
    await publishIntegration(tx, 'integration.approved', updated);
    await publishStatusChange(tx, before, updated);
    await publishEventsWaiting(tx, updated);
    return updated;
  });
  await wake(ctx);
  await scheduleStatusChanges(ctx, row);
  return { ...presentIntegration(row), identity_link: identityLink(ctx, row) };
}

/**
 * Where the approving administrator's browser goes next when the application has an identity
 * link (Magento's): there, with the integration id and the page to come back to.
 */
function identityLink(ctx: AppContext, row: store.IntegrationView): string | null {
  if (!row.application_identity_link_url) return null;
  const link = new URL(row.application_identity_link_url);
  link.searchParams.set('integration_id', row.id);
  link.searchParams.set('success_call_back', `${ctx.config.publicUrl}/integrations/${row.id}`);
  return link.toString();
}

/** The source a requested integration is approved for is named then, and fixed from then on. */
async function approvedSource(db: Executor, before: store.IntegrationView, named: string | undefined) {
  if (before.source_id !== null) {
    if (named !== undefined && named.toLowerCase() !== before.source_id)
      throw new InvalidRequestBody('body.source_id: the source of an integration cannot change');
    return before.source_id;
  }
  if (named === undefined) throw new InvalidRequestBody('body.source_id: required to approve a requested integration');
  if (!(await store.teamHasSource(db, before.team_id, named)))
    throw new InvalidRequestBody(`body.source_id: no source with id ${named} in this team`);
  return named;
}

/**
 * A declined first request leaves nothing behind (its token dies with it); a declined
 * re-approval leaves the grant in force exactly as it was.
 */
export async function declineIntegration(ctx: AppContext, actor: Actor, before: store.IntegrationView) {
  if (before.pending_permissions === null) throw new Conflict('Nothing of this integration awaits approval.');
  await ctx.db.transaction().execute(async (tx) => {
    if (before.requested_status === 'requested') {
      await store.deleteIntegration(tx, before.id);
      await audit(tx, actor, 'integration.declined', before, undefined);
      return;
    }
    const updated = await store.updateIntegration(tx, before.id, { pending_permissions: null, pending_date: null });
    await audit(tx, actor, 'integration.declined', before, updated);
  });
}

/**
 * After an application changes its requested permissions: a request that grew asks every
 * organization to approve again, the grants in force unchanged; whatever already waits follows
 * the new request.
 */
export async function requestReapproval(
  tx: Executor,
  actor: Actor,
  applicationId: string,
  previous: readonly string[],
  requested: readonly string[],
): Promise<void> {
  const grew = requested.some((id) => !previous.includes(id));
  for (const before of await store.integrationsOfApplication(tx, applicationId)) {
    if (!grew && before.pending_permissions === null) continue;
    const updated = await store.updateIntegration(tx, before.id, {
      pending_permissions: JSON.stringify(requested),
      pending_date: grew ? new Date() : before.pending_date,
    });
    await audit(tx, actor, grew ? 'integration.reapproval_requested' : 'integration.updated', before, updated);
    if (grew) await publishIntegration(tx, 'integration.requested', updated);
  }
}
