/** /v1/ssh (issue 14): what the SSH gateway asks the server besides the gate itself. */
import { Hono } from 'hono';
import { rawShellSchema } from '../../protocol/rawShell.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireAgent } from '../auth.js';
import { readBody } from '../body.js';
import { decideRawShell } from '../services/rawShell.js';

export function sshRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/raw-shell', async (c) => {
    const agent = requireAgent(c);
    const body = await readBody(c, rawShellSchema);
    return c.json(await decideRawShell(s, agent, body));
  });
  return app;
}
