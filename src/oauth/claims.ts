import type { AppContext } from '../context.ts';
import { findIntegrationRow } from '../integrations/store.ts';
import { permissionNames } from '../permissions/catalog.ts';
import { findUser } from '../teams/store.ts';
import { findPerson } from './sign-in-store.ts';
import type { SubjectType } from './tables.ts';

export type Subject = {
  subject_type: SubjectType;
  user_id: string | null;
  person_id: string | null;
  integration_id: string | null;
};

type Claims = Record<string, string | boolean | null>;

/** The subject identifier: the user's or the person's id; a client's token has no end-user subject. */
export function subjectOf(subject: Subject): string {
  return (subject.user_id ?? subject.person_id) as string;
}

/**
 * OpenID Connect claims of who signed in, as the granted scopes allow (`profile`, `email`).
 * A person's email is released only to an integration granted `people:contact`, as in the Graph API.
 */
export async function identityClaims(ctx: AppContext, subject: Subject, scopes: readonly string[]): Promise<Claims> {
  const claims: Claims = { sub: subjectOf(subject) };
  const profile = scopes.includes('profile');
  const email = scopes.includes('email');
  if (subject.subject_type === 'user' && subject.user_id) {
    const user = await findUser(ctx.db, subject.user_id);
    if (profile) claims.name = user?.name ?? null;
    if (email) claims.email = user?.email ?? null;
    return claims;
  }
  if (subject.subject_type !== 'person' || !subject.person_id) return claims;
  const person = await findPerson(ctx.db, subject.person_id);
  if (!person) return claims;
  if (profile) {
    Object.assign(claims, {
      name: person.display_name ?? ([person.first_name, person.last_name].filter(Boolean).join(' ') || null),
      given_name: person.first_name,
      family_name: person.last_name,
      middle_name: person.middle_name,
      picture: person.picture_url,
      locale: person.locale,
      zoneinfo: person.time_zone,
    });
  }
  if (email && (await mayReadContact(ctx, subject.integration_id))) claims.email = person.email;
  return claims;
}

async function mayReadContact(ctx: AppContext, integrationId: string | null): Promise<boolean> {
  if (!integrationId) return false;
  const integration = await findIntegrationRow(ctx.db, integrationId);
  return permissionNames(integration?.permissions ?? []).has('people:contact');
}
