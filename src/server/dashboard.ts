/** The reviewer dashboard's routes and assets (issue 5). Until it lands, / says where things are. */
import type { AppExtensions } from './app.js';
import type { ServerServices } from './context.js';

export function dashboardExtensions(_s: ServerServices): AppExtensions {
  return {
    site: (app) => {
      app.get('/', (c) =>
        c.text('expacti server. API under /v1; reviewers: expacti pending | show | approve | deny.\n'),
      );
    },
  };
}
