/** POST /v1/whitelist/preview {pattern, agent?}: what the entry would have allowed in the org's recent history. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { readBody } from '../body.js';
import { badRequest } from '../errors.js';

const previewBody = z
  .object({
    pattern: z.string().min(1).max(8192),
    agent: z.string().min(1).max(255).optional(),
    /** The request being approved: not a "past" command. */
    exclude: z.string().max(64).optional(),
  })
  .strict();

export function webPreviewRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/whitelist/preview', async (c) => {
    const user = requireUser(c);
    const body = await readBody(c, previewBody);
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
