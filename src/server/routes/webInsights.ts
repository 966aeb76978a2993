/** GET /v1/insights?days=30: the dashboard's aggregates, computed from the org's requests. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { fromZod } from '../errors.js';
import { computeInsights } from '../services/insights.js';

const MAX_REQUESTS = 50_000;
const query = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export function webInsightsRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/insights', async (c) => {
    const user = requireUser(c);
    const q = query.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, 'query');
    const now = s.now();
    const since = new Date(now.getTime() - q.data.days * 86_400_000).toISOString();
    const records = await s.store.listRequests(user.orgId, { since, limit: MAX_REQUESTS });
    return c.json(computeInsights(records, now, q.data.days));
  });
  return app;
}
