/**
 * The reviewer dashboard (issue 5): cookie sign-in with TOTP (before authentication), the
 * dashboard's own API additions (whitelist preview, insights, TOTP enrolment), and its assets at /.
 */
import type { AppExtensions } from './app.js';
import type { ServerServices } from './context.js';
import { webAuthRoutes } from './routes/webAuth.js';
import { webPreviewRoutes } from './routes/webPreview.js';
import { webInsightsRoutes } from './routes/webInsights.js';
import { webTotpRoutes } from './routes/webTotp.js';
import { mountWebAssets } from './webAssets.js';

export function dashboardExtensions(s: ServerServices): AppExtensions {
  return {
    publicApi: (app) => {
      app.route('/v1/web', webAuthRoutes(s));
    },
    api: (app) => {
      app.route('/v1', webPreviewRoutes(s));
      app.route('/v1', webInsightsRoutes(s));
      app.route('/v1', webTotpRoutes(s));
    },
    site: (app) => mountWebAssets(app),
  };
}
