/**
 * /v1/audit (admins): read the sealed log in pages; verify it (GET: against the newest checkpoint
 * this server signed; POST: also against the signed checkpoints given); sign a checkpoint of its
 * head now and write it to the configured sinks.
 */
import { Hono } from 'hono';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { readBody } from '../body.js';
import { conflict } from '../errors.js';
import { readQuery } from '../query.js';
import { auditPageQuery, noQuery } from '../../protocol/querySchemas.js';
import { auditVerifySchema } from '../../protocol/schemas.js';
import { auditView } from '../views.js';
import { verifyAuditLog } from '../services/auditVerify.js';

export function auditRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const admin = requireUser(c, 'admin');
    const q = readQuery(c, auditPageQuery);
    // One chain serves every org; an org's admin reads its own records and the server-wide ones.
    const page = await s.store.readAudit(q.after, q.limit);
    const records = page.filter((r) => r.orgId === admin.orgId || r.orgId === null);
    const next = page.length < q.limit ? null : (page.at(-1)?.seq ?? null);
    return c.json({ records: records.map(auditView), next });
  });

  app.get('/verify', async (c) => {
    requireUser(c, 'admin');
    readQuery(c, noQuery);
    return c.json(await verifyAuditLog(s));
  });

  app.post('/verify', async (c) => {
    requireUser(c, 'admin');
    const body = await readBody(c, auditVerifySchema);
    return c.json(await verifyAuditLog(s, body.checkpoints));
  });

  app.post('/checkpoints', async (c) => {
    requireUser(c, 'admin');
    await readBody(c, noQuery);
    try {
      return c.json(await s.checkpoints.checkpoint(), 201);
    } catch (error) {
      throw conflict(error instanceof Error ? error.message : String(error));
    }
  });

  return app;
}
