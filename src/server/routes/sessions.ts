/**
 * /v1/sessions: what an agent session read (issue 25). Agents report reads from their host's
 * observe hook; reviewers read a session's trail and clear its taint.
 */
import { Hono } from 'hono';
import { clearTaintSchema, reportReadsSchema } from '../../protocol/readSchemas.js';
import { sessionReadsQuery } from '../../protocol/querySchemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireAgent, requireUser } from '../auth.js';
import { readBody } from '../body.js';
import { readQuery } from '../query.js';
import { clearSessionTaint, recordReads, sessionReads } from '../services/sessionReads.js';

export function sessionRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/reads', async (c) => {
    const agent = requireAgent(c);
    const body = await readBody(c, reportReadsSchema);
    return c.json(await recordReads(s, agent, body), 201);
  });

  app.get('/reads', async (c) => {
    const user = requireUser(c);
    const { session } = readQuery(c, sessionReadsQuery);
    return c.json(await sessionReads(s, user, session));
  });

  app.post('/clear-taint', async (c) => {
    const user = requireUser(c);
    const body = await readBody(c, clearTaintSchema);
    return c.json(await clearSessionTaint(s, user, body));
  });

  return app;
}
