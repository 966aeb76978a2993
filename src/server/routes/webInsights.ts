/** GET /v1/insights?days=30: the dashboard's aggregates, computed from the org's requests. */
import { Hono } from 'hono';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { readQuery } from '../query.js';
import { insightsQuery } from '../../protocol/querySchemas.js';
import { computeInsights } from '../services/insights.js';

const MAX_REQUESTS = 50_000;

export function webInsightsRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/insights', async (c) => {
    const user = requireUser(c);
    const { days } = readQuery(c, insightsQuery);
    const now = s.now();
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    const [records, entries] = await Promise.all([
      s.store.listRequests(user.orgId, { since, limit: MAX_REQUESTS }),
      s.store.listWhitelist(user.orgId),
    ]);
    return c.json(computeInsights(records, now, days, entries));
  });
  return app;
}
