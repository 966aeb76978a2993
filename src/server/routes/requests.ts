/** /v1/requests: agents submit, claim and report; reviewers list, show, approve and deny. */
import { Hono } from 'hono';
import { approveSchema, denySchema, resultSchema, submitRequestSchema } from '../../protocol/schemas.js';
import { z } from 'zod';
import type { RequestStatus } from '../../protocol/index.js';
import type { AppEnv, ServerServices } from '../context.js';
import { principal, requireAgent, requireUser } from '../auth.js';
import { idParam, readBody } from '../body.js';
import { fromZod, notFound } from '../errors.js';
import { requestView } from '../views.js';
import { submit } from '../services/gate.js';
import { approve, deny } from '../services/decisions.js';
import { claim, report } from '../services/executions.js';

const listQuery = z.object({
  status: z.enum(['pending', 'approved', 'denied', 'expired']).optional(),
  agent: z.string().max(255).optional(),
  session: z.string().max(255).optional(),
  before: z.string().max(40).optional(),
  since: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function requestRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const agent = requireAgent(c);
    const body = await readBody(c, submitRequestSchema);
    return c.json(await submit(s, agent, body), 201);
  });

  app.get('/', async (c) => {
    const user = requireUser(c);
    const q = listQuery.safeParse(c.req.query());
    if (!q.success) throw fromZod(q.error, 'query');
    const query = { ...q.data, status: q.data.status as RequestStatus | undefined };
    const rows = await s.store.listRequests(user.orgId, query);
    return c.json({ requests: rows.map(requestView) });
  });

  app.get('/:id', async (c) => {
    const p = principal(c);
    const record = await s.store.getRequest(p.orgId, idParam(c, 'request'));
    if (!record || (p.kind === 'agent' && record.agentTokenId !== p.tokenId)) throw notFound('request');
    return c.json({ request: requestView(record) });
  });

  app.post('/:id/approve', async (c) => {
    const user = requireUser(c);
    const id = idParam(c, 'request');
    const body = await readBody(c, approveSchema);
    return c.json({ request: await approve(s, user, id, body) });
  });

  app.post('/:id/deny', async (c) => {
    const user = requireUser(c);
    const id = idParam(c, 'request');
    const body = await readBody(c, denySchema);
    return c.json({ request: await deny(s, user, id, body) });
  });

  app.post('/:id/execute', async (c) => {
    const agent = requireAgent(c);
    return c.json(await claim(s.store, s.now, agent, idParam(c, 'request')));
  });

  app.post('/:id/result', async (c) => {
    const agent = requireAgent(c);
    const id = idParam(c, 'request');
    await report(s.store, s.now, agent, id, await readBody(c, resultSchema));
    return c.json({ ok: true });
  });

  return app;
}
