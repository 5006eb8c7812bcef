import { keyEnabledIn } from '../auth/bindings.ts';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { personShared } from '../graph/store/records.ts';
import { statusAt } from '../integrations/status.ts';
import { AccessDenied, UnauthorizedClient } from '../lib/oauth-errors.ts';
import { permissionNames } from '../permissions/catalog.ts';
import type { Interaction } from './interactions.ts';
import { applicationIntegrations, findPerson, integrationsWithSources } from './sign-in-store.ts';

export type PersonIntegration = { integration_id: string; team_id: string };

/**
 * The integration a person signs in through: the key's application's integration with the
 * person's source that grants `sso`. It must be active, the key on in its team, and the person
 * shared with it; otherwise nobody signs in, with Edlink's code leading the description.
 */
export async function personIntegration(
  ctx: AppContext,
  key: KeyView,
  personId: string,
  teamId: string | null,
): Promise<PersonIntegration> {
  const person = await findPerson(ctx.db, personId);
  const integrations = person ? await applicationIntegrations(ctx.db, key.application_id, person.source_id) : [];
  const integration = integrations.find((candidate) => permissionNames(candidate.permissions).has('sso'));
  if (!person || !integration)
    throw new AccessDenied('This application has no integration with your organization that allows sign-in.');
  if (teamId && integration.team_id !== teamId)
    throw new UnauthorizedClient('Client does not have access to the specified team.');
  if (statusAt(integration, new Date()) !== 'active') {
    throw new AccessDenied(
      'INVALID_INTEGRATION_STATE: The integration associated with your access token ' +
        "is not marked as 'active' or 'paused'.",
    );
  }
  if (!(await keyEnabledIn(ctx.db, key, integration.team_id)))
    throw new UnauthorizedClient('Client does not have access to the specified team.');
  if (!(await personShared(ctx.db, integration, person.id)))
    throw new AccessDenied('UNSHARED_TOKEN: You are not shared with this application.');
  return { integration_id: integration.id, team_id: integration.team_id };
}

/** At consent the person's sign-in is checked again, as time has passed since they signed in. */
export function recheckPerson(ctx: AppContext, key: KeyView, interaction: Interaction): Promise<PersonIntegration> {
  return personIntegration(ctx, key, interaction.person_id as string, interaction.request.team_id);
}

/**
 * The integrations people may sign in through with this key now: its application's, granting
 * `sso`, active, the key on in their team (and in the sign-in's own team when it names one).
 */
export async function signInIntegrations(ctx: AppContext, key: KeyView, teamId: string | null) {
  const rows = await integrationsWithSources(ctx.db, key.application_id);
  const now = new Date();
  const candidates = rows.filter(
    (row) =>
      permissionNames(row.permissions).has('sso') &&
      statusAt(row, now) === 'active' &&
      (teamId === null || row.team_id === teamId),
  );
  const enabled = await Promise.all(candidates.map((row) => keyEnabledIn(ctx.db, key, row.team_id)));
  return candidates.filter((_, index) => enabled[index]);
}
