/** POST /v1/check: what the gate would do with a command, for agent tokens; creates nothing. */
import { Hono } from 'hono';
import { checkSchema } from '../../protocol/schemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireAgent } from '../auth.js';
import { readBody } from '../body.js';
import { check } from '../services/check.js';

export function checkRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const agent = requireAgent(c);
    return c.json(await check(s, agent, await readBody(c, checkSchema)));
  });
  return app;
}
