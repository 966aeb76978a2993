/** /v1/audit: read the hash-chained log in pages, and verify the whole chain (admins). */
import { Hono } from 'hono';
import { ChainVerifier } from '../../core/audit/index.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { readQuery } from '../query.js';
import { auditPageQuery, noQuery } from '../../protocol/querySchemas.js';
import { auditView } from '../views.js';

const PAGE = 1000;

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
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const page = await s.store.readAudit(after, PAGE);
      if (page.length === 0 || !verifier.push(page)) break;
      after = page.at(-1)?.seq ?? after;
      if (page.length < PAGE) break;
    }
    return c.json(verifier.finish(await s.store.auditHead()));
  });

  return app;
}
