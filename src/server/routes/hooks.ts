/** /v1/hooks: the native hooks' at-once questions (services/hookAtOnce.ts). */
import { Hono } from 'hono';
import { claudeHookAtOnceSchema } from '../../protocol/schemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireAgent } from '../auth.js';
import { readBody } from '../body.js';
import { claudeHookAtOnce } from '../services/hookAtOnce.js';

export function hookRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/claude', async (c) => {
    const agent = requireAgent(c);
    const body = await readBody(c, claudeHookAtOnceSchema);
    const answer = await claudeHookAtOnce(s, agent, body);
    // 200: nothing was created (the Node hook takes the call); 201: the hook's output.
    return 'created' in answer ? c.json(answer, 200) : c.json(answer, 201);
  });
  return app;
}
