import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { Actor } from '../audit/service.ts';
import type { KeyView } from '../developer-keys/store.ts';
import type { Viewer } from '../graph/viewer.ts';
import type { IntegrationTables } from '../integrations/tables.ts';
import { Unauthenticated } from '../lib/errors.ts';
import type { GrantRow } from '../oauth/store.ts';
import type { Role } from '../teams/tables.ts';

/** A live OAuth access token: its grant (who, which team, which scopes) and the key it was issued to. */
export type AccessGrant = { grant: GrantRow; key: KeyView };

/**
 * Whoever is calling, as the request's credential proves. Members act inside teams with a
 * role: a user (session cookie, or an OAuth token bound to one team), a team API key, or an
 * OAuth client acting through client credentials. The others read data: an application (its
 * secret: the developer API), an integration (its access token: the Graph API), and a person
 * signed in through an integration (the User API).
 */
export type Principal =
  | {
      kind: 'user';
      id: string;
      email: string;
      platformAdmin: boolean;
      sessionId: string | null;
      /** Set for an OAuth access token: the one team it reaches. */
      teamId: string | null;
      access: AccessGrant | null;
    }
  | { kind: 'api_key'; id: string; teamId: string; role: Role }
  | { kind: 'client'; id: string; teamId: string; role: Role; access: AccessGrant }
  | { kind: 'application'; id: string; teamId: string }
  | { kind: 'integration'; id: string; viewer: Viewer }
  | {
      kind: 'person';
      id: string;
      /** In service, so with its source. */
      integration: Selectable<IntegrationTables['integrations']> & { source_id: string };
      viewer: Viewer;
      access: AccessGrant;
    };

export type PrincipalKind = Principal['kind'];
export type PrincipalOf<K extends PrincipalKind> = Extract<Principal, { kind: K }>;

/** Principals that belong to a team with a role, and may use the management API. */
export const MEMBERS = ['user', 'api_key', 'client'] as const satisfies readonly PrincipalKind[];
export type Member = PrincipalOf<(typeof MEMBERS)[number]>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the route's authentication step; read it through `principalOf`. */
    principal?: Principal;
  }
}

/** The request's principal, which the route's first step established to be of one of `kinds`. */
export function principalOf<K extends PrincipalKind>(request: FastifyRequest, ...kinds: K[]): PrincipalOf<K> {
  const principal = request.principal;
  if (!principal || !(kinds as PrincipalKind[]).includes(principal.kind)) throw new Unauthenticated();
  return principal as PrincipalOf<K>;
}

export function memberOf(request: FastifyRequest): Member {
  return principalOf(request, ...MEMBERS);
}

/** The principal as the audit log names it. */
export function actorOf(principal: Principal): Actor {
  return { type: principal.kind, id: principal.id };
}

/** Who reads the graph: an integration by its own token, or the integration a person signed in through. */
export function graphViewer(request: FastifyRequest): Viewer {
  return principalOf(request, 'integration', 'person').viewer;
}

/** A user acting with all their own powers: by session, or in-process (first start, the command line). */
export function userPrincipal(
  user: { id: string; email: string; platform_admin: boolean },
  sessionId: string | null = null,
): PrincipalOf<'user'> {
  const { id, email } = user;
  return { kind: 'user', id, email, platformAdmin: user.platform_admin, sessionId, teamId: null, access: null };
}
