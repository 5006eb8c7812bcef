import type { Feature } from '../feature.ts';
import { authorizeRoutes } from './authorize-routes.ts';
import { discoveryRoutes } from './discovery-routes.ts';
import { loginRoutes } from './login-routes.ts';
import { personRoutes } from './person-routes.ts';
import { tokenRoutes } from './token-routes.ts';

/** Gatehouse as an OAuth 2.0 / OpenID Connect provider, under Canvas's and Edlink's names. */
export const oauthRoutes: Feature = async (app, ctx) => {
  for (const feature of [authorizeRoutes, loginRoutes, personRoutes, tokenRoutes, discoveryRoutes])
    await feature(app, ctx);
};
