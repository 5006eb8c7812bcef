import type { FastifyReply, FastifyRequest } from 'fastify';
import { findClient } from '../auth/clients.ts';
import type { AppContext } from '../context.ts';
import type { KeyView } from '../developer-keys/store.ts';
import { findTeam } from '../teams/store.ts';
import { demoPeople } from './demo-people.ts';
import { type Interaction, loadInteraction } from './interactions.ts';
import { sendPage } from './pages/layout.ts';
import { type AppHeader, loginPage } from './pages/sign-in.ts';
import { signInIntegrations } from './person-sign-in.ts';
import type { AuthorizationRequest } from './tables.ts';

declare module 'fastify' {
  interface FastifyRequest {
    interaction?: Interaction;
  }
}

/**
 * First step of every page after the authorization request: the sign-in in progress (with its
 * cookie) and its key, still active. From here on, OAuth errors are redirected to the client.
 */
export function continueInteraction(ctx: AppContext, from: (request: FastifyRequest) => string | undefined) {
  return async function continueInteraction(request: FastifyRequest): Promise<void> {
    const interaction = await loadInteraction(ctx, request, from(request));
    const key = await findClient(ctx, interaction.developer_key_id);
    request.interaction = interaction;
    request.authorization = {
      key,
      redirectUri: interaction.request.redirect_uri,
      state: interaction.request.state,
      request: interaction.request,
    };
  };
}

/**
 * Whom the sign-in pages say the visitor signs in to. A key that another team made for an
 * application sends codes where that team chose, so it is shown as that team: the name and icon
 * of the application, or ones the team typed in, would vouch for a destination the application
 * never approved.
 */
export async function appHeader(ctx: AppContext, key: KeyView): Promise<AppHeader> {
  if (key.team_id !== null && key.team_id !== key.application_team_id) {
    const team = await findTeam(ctx.db, key.team_id);
    return { name: team?.name ?? 'an unknown team', icon_url: null };
  }
  return { name: key.name ?? key.application_name, icon_url: key.icon_url ?? key.application_icon_url };
}

/**
 * The sign-in page: a Gatehouse account form, the organizations people sign in through, and in
 * demo mode a picker of the demo district's people.
 */
export async function renderLogin(
  ctx: AppContext,
  reply: FastifyReply,
  key: KeyView,
  interaction: { id: string; request: AuthorizationRequest },
  error?: string,
  status = error ? 401 : 200,
) {
  const integrations = await signInIntegrations(ctx, key, interaction.request.team_id);
  const issuers = integrations
    .filter((row) => row.source_sso !== null)
    .map((row) => ({ source_id: row.source_id, name: row.source_name }));
  const people = ctx.config.demo ? await demoPeople(ctx, integrations) : [];
  const app = await appHeader(ctx, key);
  const page = loginPage({
    interaction: interaction.id,
    app,
    issuers,
    demoPeople: people.length > 0 ? people : null,
    ...(error ? { error } : {}),
  });
  return sendPage(reply, `Sign in to ${app.name}`, page, status);
}
