import { v5 } from 'uuid';

/** UUIDv5 namespace of permission ids: fixed forever, so every installation shares the same ids. */
const NAMESPACE = '6f1c2a3e-8d4b-5f7a-9c0e-1b2d3e4f5a6b';

export type PermissionName =
  | 'sso'
  | 'organizations:read'
  | 'terms:read'
  | 'people:read'
  | 'people:contact'
  | 'people:demographics'
  | 'enrollments:read'
  | 'agents:read'
  | 'events:read'
  | 'coursework:read'
  | 'coursework:write';

export type Permission = {
  id: string;
  name: PermissionName;
  group: string;
  description: string;
  /** Permissions that must be granted alongside this one. */
  parents: PermissionName[];
};

const ENTRIES: Array<Omit<Permission, 'id'>> = [
  {
    name: 'sso',
    group: 'authentication',
    parents: [],
    description: 'Sign people in; person tokens; /my/profile, /my/integration, /my/source.',
  },
  {
    name: 'organizations:read',
    group: 'organizations',
    parents: [],
    description: 'Districts, schools, courses, classes, sections and their nested lists.',
  },
  {
    name: 'terms:read',
    group: 'organizations',
    parents: ['organizations:read'],
    description: 'Sessions (terms, semesters, school years).',
  },
  {
    name: 'people:read',
    group: 'people',
    parents: [],
    description:
      'People: names, roles, identifiers, grade levels, graduation year, school and district ids, ' +
      'picture, locale, time zone.',
  },
  {
    name: 'people:contact',
    group: 'people',
    parents: ['people:read'],
    description: 'The email, phone and address of people.',
  },
  {
    name: 'people:demographics',
    group: 'people',
    parents: ['people:read'],
    description: 'The demographics of people.',
  },
  {
    name: 'enrollments:read',
    group: 'enrollments',
    parents: ['organizations:read', 'people:read'],
    description: 'Enrollments and roster lists (class people, school teachers …).',
  },
  {
    name: 'agents:read',
    group: 'people',
    parents: ['people:read'],
    description: 'Agents: guardians and other observers of people.',
  },
  { name: 'events:read', group: 'events', parents: [], description: 'The change feed at /graph/events.' },
  {
    name: 'coursework:read',
    group: 'coursework',
    parents: ['sso'],
    description: 'Read categories, assignments and submissions through the User API.',
  },
  {
    name: 'coursework:write',
    group: 'coursework',
    parents: ['sso'],
    description: 'Change categories, assignments and submissions through the User API.',
  },
];

/**
 * The fixed, hierarchical permission catalog, with stable ids: a permission's parent must be granted
 * with it (reading a class's people needs reading classes), as `rules.ts` checks.
 */
export const PERMISSIONS: readonly Permission[] = ENTRIES.map((entry) => ({ ...entry, id: v5(entry.name, NAMESPACE) }));

const BY_ID = new Map(PERMISSIONS.map((permission) => [permission.id, permission]));
const BY_NAME = new Map(PERMISSIONS.map((permission) => [permission.name, permission]));

export function permissionById(id: string): Permission | undefined {
  return BY_ID.get(id.toLowerCase());
}

export function permissionByName(name: PermissionName): Permission {
  return BY_NAME.get(name) as Permission;
}

/** The names of granted permission ids (unknown ids are ignored). */
export function permissionNames(ids: readonly string[]): Set<PermissionName> {
  return new Set(ids.flatMap((id) => permissionById(id)?.name ?? []));
}

/** Parents of the granted set that are not granted, as names. */
export function missingParents(ids: readonly string[]): PermissionName[] {
  const granted = permissionNames(ids);
  const missing = new Set<PermissionName>();
  for (const name of granted)
    for (const parent of permissionByName(name).parents) if (!granted.has(parent)) missing.add(parent);
  return [...missing];
}
