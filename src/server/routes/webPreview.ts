/** POST /v1/whitelist/preview {pattern, agent?}: what the entry would have allowed in the org's recent history. */
import { Hono } from 'hono';
import { whitelistPreviewSchema } from '../../protocol/dashboardSchemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { readBody } from '../body.js';
import { badRequest } from '../errors.js';

export function webPreviewRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/whitelist/preview', async (c) => {
    const user = requireUser(c);
    const body = await readBody(c, whitelistPreviewSchema);
    const check = s.validatePattern(body.pattern);
    if (!check.ok) throw badRequest(check.message, 'pattern');
    const candidate = {
      orgId: user.orgId,
      pattern: body.pattern,
      exact: check.exact,
      agent: body.agent ?? null,
    };
    return c.json(await s.previewPattern(candidate, body.exclude));
  });
  return app;
}
