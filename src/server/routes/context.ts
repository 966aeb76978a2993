/** POST /v1/requests/:id/context: the agent reports the runtime facts the server asked for. */
import { Hono } from 'hono';
import { attachContextSchema } from '../../protocol/contextSchemas.js';
import type { AttachContextResponse } from '../../protocol/api.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireAgent } from '../auth.js';
import { idParam, readBody } from '../body.js';
import { attachRuntimeContext } from '../services/runtimeContext.js';

export function contextRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:id/context', async (c) => {
    const agent = requireAgent(c);
    const id = idParam(c, 'request');
    const body = await readBody(c, attachContextSchema);
    const response: AttachContextResponse = { request: await attachRuntimeContext(s, agent, id, body) };
    return c.json(response);
  });
  return app;
}
