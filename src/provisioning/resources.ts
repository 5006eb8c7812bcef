import type { PermissionName } from '../permissions/catalog.ts';

/**
 * Each permission's name in Magento's resource form, for files written in that shape. A file may
 * name a resource either way; this is the one table of both (the README shows it).
 */
export const RESOURCE_NAMES: Readonly<Record<PermissionName, string>> = {
  sso: 'Gatehouse_Authentication::sso',
  'organizations:read': 'Gatehouse_Organizations::read',
  'terms:read': 'Gatehouse_Terms::read',
  'people:read': 'Gatehouse_People::read',
  'people:contact': 'Gatehouse_People::contact',
  'people:demographics': 'Gatehouse_People::demographics',
  'enrollments:read': 'Gatehouse_Enrollments::read',
  'agents:read': 'Gatehouse_Agents::read',
  'events:read': 'Gatehouse_Events::read',
  'coursework:read': 'Gatehouse_Coursework::read',
  'coursework:write': 'Gatehouse_Coursework::write',
};

const BY_NAME = new Map<string, PermissionName>(
  (Object.entries(RESOURCE_NAMES) as Array<[PermissionName, string]>).flatMap(([name, resource]) => [
    [name, name],
    [resource, name],
  ]),
);

/** The permission a declared resource names, in either form; undefined when it names none. */
export function permissionOfResource(resource: string): PermissionName | undefined {
  return BY_NAME.get(resource.trim());
}
