/** /v1/requests: agents submit, claim and report; reviewers list, show, approve and deny. */
import { Hono } from 'hono';
import {
  approveSchema,
  cancelSchema,
  denySchema,
  resultSchema,
  submitRequestSchema,
  ticketSchema,
} from '../../protocol/schemas.js';
import { listRequestsQuery, noQuery } from '../../protocol/querySchemas.js';
import { cancelRequest } from '../services/cancel.js';
import type { AppEnv, ServerServices } from '../context.js';
import { principal, requireAgent, requireUser } from '../auth.js';
import { idParam, readBody } from '../body.js';
import { notFound } from '../errors.js';
import { readQuery } from '../query.js';
import { requestView } from '../views.js';
import { submit } from '../services/gate.js';
import { approve, deny } from '../services/decisions.js';
import { claim, report } from '../services/executions.js';
import { ticket } from '../services/tickets.js';

export function requestRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const agent = requireAgent(c);
    const body = await readBody(c, submitRequestSchema);
    const answer = await submit(s, agent, body);
    // 200: nothing was created (onlyIfAllowedAtOnce and it would not run at once as asked).
    return 'created' in answer ? c.json(answer, 200) : c.json(answer, 201);
  });

  app.get('/', async (c) => {
    const user = requireUser(c);
    const rows = await s.store.listRequests(user.orgId, readQuery(c, listRequestsQuery));
    return c.json({ requests: rows.map(requestView) });
  });

  app.get('/:id', async (c) => {
    const p = principal(c);
    readQuery(c, noQuery);
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

  app.post('/:id/ticket', async (c) => {
    const agent = requireAgent(c);
    const id = idParam(c, 'request');
    await readBody(c, ticketSchema);
    return c.json(await ticket(s, agent, id));
  });

  app.post('/:id/execute', async (c) => {
    const agent = requireAgent(c);
    return c.json(await claim(s, agent, idParam(c, 'request')));
  });

  app.post('/:id/cancel', async (c) => {
    const agent = requireAgent(c);
    const id = idParam(c, 'request');
    const body = await readBody(c, cancelSchema);
    return c.json({ request: await cancelRequest(s, agent, id, body.reason ?? 'no reason given') });
  });

  app.post('/:id/result', async (c) => {
    const agent = requireAgent(c);
    const id = idParam(c, 'request');
    await report(s, agent, id, await readBody(c, resultSchema));
    return c.json({ ok: true });
  });

  return app;
}
