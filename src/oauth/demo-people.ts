import type { AppContext } from '../context.ts';
import type { signInIntegrations } from './person-sign-in.ts';
import { isDemoSourcePerson, sharedPeopleByName } from './sign-in-store.ts';

const PER_SOURCE = 50;

/**
 * Demo mode's person picker: people the sign-in could land as, a page of each demo source's
 * shared people. Never offered unless the server runs in demo mode, and never for a source the
 * demo did not seed: its people are real.
 */
export async function demoPeople(ctx: AppContext, integrations: Awaited<ReturnType<typeof signInIntegrations>>) {
  const people: Array<{ id: string; name: string; detail: string }> = [];
  for (const integration of integrations.filter((row) => row.source_demo)) {
    const sharing = { sourceId: integration.source_id, scope: integration.scope, targets: integration.targets };
    const rows = await sharedPeopleByName(ctx.db, sharing, PER_SOURCE);
    people.push(
      ...rows.map((row) => ({
        id: row.id,
        name: row.name,
        detail: `${row.roles.join(', ') || 'person'}, ${integration.source_name}`,
      })),
    );
  }
  return people;
}

/** Whether the demo picker may sign someone in as this person: one of a demo source's people. */
export async function isDemoPerson(ctx: AppContext, personId: string): Promise<boolean> {
  return isDemoSourcePerson(ctx.db, personId);
}
