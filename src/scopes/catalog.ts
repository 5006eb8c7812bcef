import type { RouteOptions } from 'fastify';

/**
 * Endpoint scopes generated from the router: one `url:<VERB>|<path>` per route under `/api/v1`
 * and `/api/v2/my`. Path parameters are written `:id` whatever the route calls them, so renaming
 * a parameter (`:team_id` → `:teamId`) keeps every stored scope valid (Canvas ties scopes to
 * parameter names and breaks them on renames). Two routes differing only in parameter names
 * cannot coexist in the router, so the names stay unique.
 */
export type Scope = {
  scope: string;
  verb: string;
  path: string;
  resource: string;
  resource_name: string;
  summary: string | null;
};

const SCOPED_PREFIXES = ['/api/v1/', '/api/v2/my/'];
const PARAMETER = /:[A-Za-z0-9_]+(?:\([^)]*\))?/g;

export function scopePath(path: string): string {
  return path.replace(PARAMETER, ':id');
}

/** The scope a request to a route needs; HEAD is allowed by the GET scope. */
export function scopeFor(method: string, routePath: string): string {
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return `url:${verb}|${scopePath(routePath)}`;
}

export function isScoped(path: string): boolean {
  return SCOPED_PREFIXES.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix);
}

export class ScopeCatalog {
  readonly #scopes = new Map<string, Scope>();

  /** onRoute hook: records the route's scopes. */
  add(route: Pick<RouteOptions, 'method' | 'url' | 'schema'>): void {
    if (!isScoped(route.url)) return;
    const schema = route.schema as { tags?: string[]; summary?: string } | undefined;
    // The User API is one resource; its routes reuse the Graph API's definitions and tags.
    const resource = route.url.startsWith('/api/v2/my')
      ? 'user-api'
      : (schema?.tags?.[0] ?? (route.url.split('/')[3] as string));
    for (const method of [route.method].flat()) {
      const scope = scopeFor(method, route.url);
      if (this.#scopes.has(scope)) continue;
      const [verb, path] = scope.slice('url:'.length).split('|') as [string, string];
      this.#scopes.set(scope, {
        scope,
        verb,
        path,
        resource,
        resource_name: titleOf(resource),
        summary: schema?.summary ?? null,
      });
    }
  }

  has(scope: string): boolean {
    return this.#scopes.has(scope);
  }

  /** Every scope, by resource name, then path, then verb. */
  list(): Scope[] {
    return [...this.#scopes.values()].sort(
      (a, b) =>
        a.resource_name.localeCompare(b.resource_name) || a.path.localeCompare(b.path) || a.verb.localeCompare(b.verb),
    );
  }
}

function titleOf(resource: string): string {
  return resource
    .split(/[-_ ]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

declare module 'fastify' {
  interface FastifyInstance {
    scopeCatalog: ScopeCatalog;
  }
}
