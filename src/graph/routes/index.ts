import type { Api, Feature } from '../../feature.ts';
import { classRoutes } from './classes.ts';
import { eventRoutes } from './events.ts';
import { organizationRoutes } from './organizations.ts';
import { peopleRoutes } from './people.ts';

/**
 * The Graph API (`/api/v2/graph`, Edlink-compatible), for integration access tokens. The token is
 * checked before anything else, so a caller without a valid token learns nothing, not even which
 * ids are well-formed.
 * `/materializations` and `/requests` are not served (NOT_FOUND, like any unknown route): views
 * change inside the transaction that changes the data, so there is no materialisation to watch,
 * and requests are not logged per integration.
 */
export const graphRoutes: Feature = async (app, ctx) => {
  await app.register(
    async (graph: Api) => {
      organizationRoutes(graph, ctx);
      classRoutes(graph, ctx);
      peopleRoutes(graph, ctx);
      eventRoutes(graph, ctx);
    },
    { prefix: '/api/v2/graph' },
  );
};
