import { recordId } from '../../graph/ids.ts';
import type { Identifier } from '../../graph/tables.ts';
import { orgRef, refId, stage } from './common.ts';
import type { MapContext, Row, Staged } from './row.ts';
import { bool, grades, list, role, userIds } from './values.ts';

function identifiers(row: Row): { identifiers: Identifier[]; other: Record<string, string> } {
  const found: Identifier[] = [];
  const sis = row.optional('identifier');
  if (sis) found.push({ type: 'sis_id', value: sis });
  const username = row.optional('username');
  if (username) found.push({ type: 'username', value: username });
  const ids = userIds(row);
  return { identifiers: [...found, ...ids.identifiers], other: ids.other };
}

/**
 * An agent link of `agentSourcedIds`, staged as "the agent observes this user". Which side
 * observes is settled once every person's roles are known (a parent listing their child is the
 * observer, not the child), so the id of the reverse link is staged too.
 */
function agent(ctx: MapContext, user: string, other: string): Staged {
  const sourcedId = `${other}/${user}`;
  const reverse = `${user}/${other}`;
  const id = recordId(ctx.sourceId, 'agents', sourcedId);
  return {
    kind: 'agents',
    id,
    sourcedId,
    deleted: false,
    record: {
      id,
      source_id: ctx.sourceId,
      sourced_id: sourcedId,
      identifiers: [],
      properties: {},
      relationship: null,
      flags: [],
      observer_id: refId(ctx, 'people', other),
      target_id: refId(ctx, 'people', user),
    },
    refs: {
      observer_id: ['agentSourcedIds', other],
      target_id: ['sourcedId', user],
      reverse: { id: recordId(ctx.sourceId, 'agents', reverse), sourced_id: reverse },
    },
  };
}

/**
 * users.csv → people, plus one agent per `agentSourcedIds` entry. In 1.1 roles and orgs come
 * from the row; in 1.2 from roles.csv, folded in later. Passwords are never stored.
 */
export function mapUser(row: Row, ctx: MapContext): Staged[] {
  const user = row.get('sourcedId');
  const orgs = [...list(row, 'orgSourcedIds'), ...list(row, 'primaryOrgSourcedId')];
  const refs = [...new Set(orgs)].map((org) => ({ org, ...orgRef(ctx, org) }));
  const schools = refs.filter((ref) => ref.kind === 'schools');
  const district = refs.find((ref) => ref.kind === 'districts');
  const userRole = role(row, 'role');
  const ids = identifiers(row);
  const first = row.optional('givenName');
  const last = row.optional('familyName');
  const preferred = row.optional('preferredGivenName');
  const fields = {
    first_name: first,
    middle_name: row.optional('middleName'),
    last_name: last,
    display_name: [preferred ?? first, row.optional('preferredFamilyName') ?? last].filter(Boolean).join(' ') || null,
    picture_url: null,
    email: row.optional('email'),
    phone: row.optional('phone') ?? row.optional('sms'),
    locale: null,
    time_zone: null,
    roles: userRole ? [userRole] : [],
    graduation_year: null,
    grade_levels: grades(row, 'grades'),
    demographics: null,
    address: null,
    district_id: district?.id ?? null,
    school_ids: schools.map((school) => school.id),
  };
  const properties = {
    enabled_user: bool(row, 'enabledUser') === false ? false : null,
    sms: row.optional('phone') ? row.optional('sms') : null,
    preferred_first_name: preferred,
    preferred_middle_name: row.optional('preferredMiddleName'),
    preferred_last_name: row.optional('preferredFamilyName'),
    pronouns: row.optional('pronouns'),
    user_master_identifier: row.optional('userMasterIdentifier'),
    user_ids: Object.keys(ids.other).length > 0 ? ids.other : null,
  };
  const person = stage(row, ctx, 'people', fields, {
    identifiers: ids.identifiers,
    properties,
    refs: {
      school_ids: ['orgSourcedIds', Object.fromEntries(schools.map((school) => [school.id, school.org]))],
      district_id: ['orgSourcedIds', district?.org ?? null],
    },
  });
  if (person.deleted) return [person];
  const agents = [...new Set(list(row, 'agentSourcedIds'))]
    .filter((other) => other !== user)
    .map((other) => agent(ctx, user, other));
  return [person, ...agents];
}
