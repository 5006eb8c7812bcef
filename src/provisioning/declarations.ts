import { extname } from 'node:path';
import { PERMISSIONS, type PermissionName, permissionByName } from '../permissions/catalog.ts';
import { type Field, type Fragment, ProvisionError, SCALARS, where } from './declared.ts';
import { readMagentoFile } from './magento-file.ts';
import { permissionOfResource, RESOURCE_NAMES } from './resources.ts';
import { readYamlFile } from './yaml-file.ts';

/** An application as every file together declares it, its resources resolved to permissions. */
export type DeclaredApplication = {
  name: string;
  email: string;
  endpoint_url: string | null;
  identity_link_url: string | null;
  redirect_uris: string[];
  /** In catalog order. */
  permissions: PermissionName[];
};

function readFile(file: string, source: string): Fragment[] {
  const kind = extname(file).toLowerCase();
  if (kind === '.xml') return readMagentoFile(file, source);
  if (kind === '.yaml' || kind === '.yml') return readYamlFile(file, source);
  throw new ProvisionError([`${file}: not a .yaml, .yml or .xml file`]);
}

/**
 * Reads the files and merges them by application name, as Magento merges its modules' files:
 * resources add up, and a value may come from any file but two files may not disagree. A
 * resource that names no permission, or a child declared without its parents, is an error
 * naming the file and line (Magento drops the first and silently adds the parents); every
 * problem of every file is reported at once.
 */
export function readDeclarations(files: ReadonlyArray<{ file: string; source: string }>): DeclaredApplication[] {
  const problems: string[] = [];
  const merged = new Map<string, Fragment>();
  for (const { file, source } of files) {
    let fragments: Fragment[] = [];
    try {
      fragments = readFile(file, source);
    } catch (error) {
      if (!(error instanceof ProvisionError)) throw error;
      problems.push(...error.problems);
    }
    for (const fragment of fragments) merge(merged, fragment, problems);
  }
  const applications = [...merged.values()].map((fragment) => resolve(fragment, problems));
  if (problems.length > 0) throw new ProvisionError(problems);
  return applications;
}

function merge(merged: Map<string, Fragment>, fragment: Fragment, problems: string[]): void {
  const into = merged.get(fragment.name);
  if (!into) {
    merged.set(fragment.name, { ...fragment, resources: [...fragment.resources] });
    return;
  }
  for (const key of [...SCALARS, 'redirect_uris'] as const) {
    const [mine, theirs] = [into[key] as Field<unknown> | undefined, fragment[key] as Field<unknown> | undefined];
    if (!theirs) continue;
    if (!mine) Object.assign(into, { [key]: theirs });
    else if (JSON.stringify(mine.value) !== JSON.stringify(theirs.value))
      problems.push(`${where(mine.at)} and ${where(theirs.at)} give "${fragment.name}" different values of ${key}`);
  }
  into.resources.push(...fragment.resources);
}

function resolve(fragment: Fragment, problems: string[]): DeclaredApplication {
  const declared = new Map<PermissionName, Field>();
  for (const resource of fragment.resources) {
    const permission = permissionOfResource(resource.value);
    if (permission) {
      if (!declared.has(permission)) declared.set(permission, resource);
    } else
      problems.push(
        `${where(resource.at)}: "${fragment.name}" declares ${resource.value}, which is no resource; ` +
          'the README lists them',
      );
  }
  for (const [permission, resource] of declared) {
    const missing = permissionByName(permission).parents.filter((parent) => !declared.has(parent));
    if (missing.length > 0)
      problems.push(
        `${where(resource.at)}: "${fragment.name}" declares ${resource.value} without its parents ` +
          `${missing.map((parent) => `${RESOURCE_NAMES[parent]} (${parent})`).join(', ')}; declare them too`,
      );
  }
  if (!fragment.email?.value) problems.push(`${where(fragment.at)}: "${fragment.name}" has no email in any file`);
  return {
    name: fragment.name,
    email: fragment.email?.value ?? '',
    endpoint_url: fragment.endpoint_url?.value || null,
    identity_link_url: fragment.identity_link_url?.value || null,
    redirect_uris: fragment.redirect_uris?.value ?? [],
    permissions: PERMISSIONS.map((permission) => permission.name).filter((name) => declared.has(name)),
  };
}
