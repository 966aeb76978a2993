/** /v1/whitelist: list, add (allow or deny entries), update (disable, TTL, note), delete — all audited. */
import { Hono } from 'hono';
import { createWhitelistSchema, updateWhitelistSchema } from '../../protocol/schemas.js';
import type { WhitelistEntry } from '../../store/records.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { idParam, readBody } from '../body.js';
import { badRequest, notFound } from '../errors.js';
import { whitelistView } from '../views.js';
import { readQuery } from '../query.js';
import { noQuery } from '../../protocol/querySchemas.js';
import { checkPastDenials } from '../services/decisions.js';

export function whitelistRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    const entries = await s.store.listWhitelist(user.orgId);
    return c.json({ entries: entries.map(whitelistView) });
  });

  app.post('/', async (c) => {
    const user = requireUser(c);
    const body = await readBody(c, createWhitelistSchema);
    const check = s.validatePattern(body.pattern);
    if (!check.ok) throw badRequest(check.message, 'pattern');
    if ((body.effect ?? 'allow') === 'allow')
      await checkPastDenials(
        s,
        { orgId: user.orgId, pattern: body.pattern, exact: check.exact, agent: body.agent ?? null },
        undefined,
        body.acceptDenied,
      );
    const at = s.now();
    const entry: WhitelistEntry = {
      id: s.newId(),
      orgId: user.orgId,
      effect: body.effect ?? 'allow',
      pattern: body.pattern,
      exact: check.exact,
      agent: body.agent ?? null,
      createdBy: user.name,
      createdFromRequest: null,
      createdAt: at.toISOString(),
      expiresAt: body.ttlSeconds ? new Date(at.getTime() + body.ttlSeconds * 1000).toISOString() : null,
      hits: 0,
      lastUsedAt: null,
      disabled: false,
      note: body.note ?? null,
      context: null,
    };
    await s.store.insertWhitelistEntry(entry, [
      {
        ts: entry.createdAt,
        orgId: user.orgId,
        actor: { kind: 'user', id: user.userId, name: user.name },
        action: 'whitelist.added',
        subject: entry.id,
        data: {
          pattern: entry.pattern,
          effect: entry.effect,
          exact: entry.exact,
          agent: entry.agent,
          expiresAt: entry.expiresAt,
        },
      },
    ]);
    return c.json({ entry: whitelistView(entry) }, 201);
  });

  app.patch('/:id', async (c) => {
    const user = requireUser(c);
    const id = idParam(c, 'whitelist entry');
    const body = await readBody(c, updateWhitelistSchema);
    const patch: Partial<
      Pick<WhitelistEntry, 'disabled' | 'expiresAt' | 'note' | 'pattern' | 'exact' | 'agent'>
    > = {};
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    if (body.pattern !== undefined) {
      const check = s.validatePattern(body.pattern);
      if (!check.ok) throw badRequest(check.message, 'pattern');
      patch.pattern = body.pattern;
      patch.exact = check.exact;
    }
    if (body.agent !== undefined) patch.agent = body.agent;
    if (patch.pattern !== undefined || patch.agent !== undefined) {
      const before = await s.store.getWhitelistEntry(user.orgId, id);
      if (!before) throw notFound('whitelist entry');
      if (before.effect === 'allow')
        await checkPastDenials(
          s,
          {
            orgId: user.orgId,
            pattern: patch.pattern ?? before.pattern,
            exact: patch.exact ?? before.exact,
            agent: patch.agent === undefined ? before.agent : patch.agent,
          },
          undefined,
          body.acceptDenied,
        );
    }
    if (body.note !== undefined) patch.note = body.note;
    if (body.ttlSeconds !== undefined) {
      patch.expiresAt =
        body.ttlSeconds === null ? null : new Date(s.now().getTime() + body.ttlSeconds * 1000).toISOString();
    }
    const ok = await s.store.updateWhitelistEntry(user.orgId, id, patch, [
      {
        ts: s.now().toISOString(),
        orgId: user.orgId,
        actor: { kind: 'user', id: user.userId, name: user.name },
        action: 'whitelist.updated',
        subject: id,
        data: { ...patch },
      },
    ]);
    if (!ok) throw notFound('whitelist entry');
    const entry = await s.store.getWhitelistEntry(user.orgId, id);
    if (!entry) throw notFound('whitelist entry');
    return c.json({ entry: whitelistView(entry) });
  });

  app.delete('/:id', async (c) => {
    const user = requireUser(c);
    const id = idParam(c, 'whitelist entry');
    const entry = await s.store.getWhitelistEntry(user.orgId, id);
    if (!entry) throw notFound('whitelist entry');
    const ok = await s.store.deleteWhitelistEntry(user.orgId, id, [
      {
        ts: s.now().toISOString(),
        orgId: user.orgId,
        actor: { kind: 'user', id: user.userId, name: user.name },
        action: 'whitelist.removed',
        subject: id,
        data: { pattern: entry.pattern, effect: entry.effect, hits: entry.hits },
      },
    ]);
    if (!ok) throw notFound('whitelist entry');
    return c.json({ ok: true });
  });

  return app;
}
