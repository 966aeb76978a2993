/**
 * Team policies (issue 11): /v1/policy (the org's policy: read by reviewers, uploaded by admins,
 * every version kept), /v1/groups (admins manage reviewer groups), /v1/notifications (admins see
 * the outbox and its dead letters), and /v1/requests/:id/policy (which rules applied, and why).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { idParam, readBody } from '../body.js';
import { readQuery } from '../query.js';
import { noQuery } from '../../protocol/querySchemas.js';
import {
  createGroupSchema,
  groupMemberSchema,
  groupNameSchema,
  notificationsQuery,
  policyCheckSchema,
  policyUploadSchema,
} from '../../protocol/policySchemas.js';
import { badRequest, notFound } from '../errors.js';
import type { PolicyVersion } from '../../store/records.js';
import { PolicyError } from '../../core/policy/loadPolicy.js';
import { explainRequest } from '../services/policyExplain.js';

const versionView = (v: PolicyVersion, withSource: boolean) => ({
  version: v.version,
  createdAt: v.createdAt,
  createdBy: v.createdBy,
  note: v.note,
  sha256: v.sha256,
  ...(withSource ? { source: v.source } : {}),
});

export function policyRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const policies = () => {
    if (!s.policies) throw notFound('policy service');
    return s.policies;
  };

  app.get('/policy', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    await policies().get(user.orgId); // with --policy FILE, stores the file's version first
    const latest = await s.store.latestPolicy(user.orgId);
    return c.json({
      policy: latest ? versionView(latest, true) : null,
      default: latest === null,
      fromFile: policies().fromFile?.path ?? null,
    });
  });

  app.post('/policy', async (c) => {
    const user = requireUser(c, 'admin');
    const body = await readBody(c, policyUploadSchema);
    const stored = await policies().upload(
      user.orgId,
      { id: user.userId, name: user.name },
      body.source,
      body.note ?? null,
      body.ifLatest,
    );
    return c.json({ policy: versionView(stored, false) }, 201);
  });

  app.post('/policy/check', async (c) => {
    requireUser(c);
    const body = await readBody(c, policyCheckSchema);
    try {
      const doc = policies().check(body.source);
      return c.json({ ok: true, rules: doc.rules.map((r) => r.name), problems: [] });
    } catch (error) {
      if (error instanceof PolicyError) return c.json({ ok: false, rules: [], problems: error.problems });
      throw error;
    }
  });

  app.get('/policy/versions', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    const versions = await s.store.listPolicyVersions(user.orgId, 100);
    return c.json({ versions: versions.map((v) => versionView(v, false)) });
  });

  app.get('/policy/versions/:version', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    const n = Number(c.req.param('version'));
    if (!Number.isInteger(n) || n < 1) throw notFound('policy version');
    const v = await s.store.getPolicyVersion(user.orgId, n);
    if (!v) throw notFound('policy version');
    return c.json({ policy: versionView(v, true) });
  });

  app.get('/requests/:id/policy', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    const request = await s.store.getRequest(user.orgId, idParam(c, 'request'));
    if (!request) throw notFound('request');
    return c.json(await explainRequest(s, request));
  });

  // Groups
  app.get('/groups', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    return c.json({ groups: await s.store.listGroups(user.orgId) });
  });

  app.post('/groups', async (c) => {
    const user = requireUser(c, 'admin');
    const { name } = await readBody(c, createGroupSchema);
    const at = s.now().toISOString();
    const actor = { kind: 'user' as const, id: user.userId, name: user.name };
    const made = await s.store.createGroup(user.orgId, name, at, [
      { ts: at, orgId: user.orgId, actor, action: 'group.created', subject: name, data: {} },
    ]);
    if (!made) throw badRequest(`a group named ${name} exists already`, 'name');
    return c.json({ group: { name, createdAt: at, members: [] } }, 201);
  });

  app.delete('/groups/:name', async (c) => {
    const user = requireUser(c, 'admin');
    const name = groupParam(c.req.param('name'));
    const latest = await policies().get(user.orgId);
    const { groupsNamed } = await import('../../core/policy/loadPolicy.js');
    if (groupsNamed(latest.document).includes(name))
      throw badRequest(
        `the org's policy (version ${latest.version}) names group ${name}: change the policy first`,
      );
    const at = s.now().toISOString();
    const actor = { kind: 'user' as const, id: user.userId, name: user.name };
    const gone = await s.store.deleteGroup(user.orgId, name, [
      { ts: at, orgId: user.orgId, actor, action: 'group.deleted', subject: name, data: {} },
    ]);
    if (!gone) throw notFound('group');
    return c.json({ deleted: name });
  });

  const member = (add: boolean) => async (c: Context<AppEnv>) => {
    const user = requireUser(c, 'admin');
    const name = groupParam(c.req.param('name'));
    const username = add ? (await readBody(c, groupMemberSchema)).username : (c.req.param('username') ?? '');
    const target = await s.store.findUserByName(username);
    if (!target || target.orgId !== user.orgId) throw notFound('user');
    const at = s.now().toISOString();
    const actor = { kind: 'user' as const, id: user.userId, name: user.name };
    const changed = await s.store.setGroupMember(user.orgId, name, target.id, add, [
      {
        ts: at,
        orgId: user.orgId,
        actor,
        action: add ? 'group.member_added' : 'group.member_removed',
        subject: name,
        data: { user: target.id, username: target.username },
      },
    ]);
    if (!changed) {
      const exists = (await s.store.listGroups(user.orgId)).some((g) => g.name === name);
      if (!exists) throw notFound('group');
    }
    return c.json({ group: (await s.store.listGroups(user.orgId)).find((g) => g.name === name) });
  };
  app.post('/groups/:name/members', member(true));
  app.delete('/groups/:name/members/:username', member(false));

  // Notifications
  app.get('/notifications', async (c) => {
    const user = requireUser(c, 'admin');
    const { status } = readQuery(c, notificationsQuery);
    const rows = await s.store.listNotifications(user.orgId, status, 200);
    return c.json({
      notifications: rows.map((n) => ({
        id: n.id,
        channel: n.channel,
        event: n.event,
        requestId: n.requestId,
        status: n.status,
        attempts: n.attempts,
        lastError: n.lastError,
        createdAt: n.createdAt,
        nextAt: n.nextAt,
        sentAt: n.sentAt,
      })),
    });
  });

  app.post('/notifications/:id/retry', async (c) => {
    const user = requireUser(c, 'admin');
    const id = idParam(c, 'notification');
    if (!(await s.store.retryNotification(user.orgId, id, s.now().toISOString())))
      throw notFound('dead notification');
    s.notifier?.poke();
    return c.json({ retried: id });
  });

  return app;
}

function groupParam(value: string | undefined): string {
  const parsed = groupNameSchema.safeParse(value ?? '');
  if (!parsed.success) throw notFound('group');
  return parsed.data;
}

/** GET /v1/links/:token (no token needed: the link is the credential to *open*, not to decide). */
export function linkRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/links/:token', async (c) => {
    const token = c.req.param('token');
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound('link');
    const { linkHash } = await import('../services/notify/notifier.js');
    const used = await s.store.useDecideLink(linkHash(token), s.now().toISOString());
    if (!used)
      return c.text(
        'This link was used already or has expired. Open the dashboard to find the request.',
        410,
      );
    return c.redirect(`${s.publicUrl}/#/requests/${used.requestId}`, 302);
  });
  return app;
}
