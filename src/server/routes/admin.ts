/** Admin-only: agent tokens, users, org settings. Every change is audited. */
import { Hono } from 'hono';
import { createTokenSchema, createUserSchema, orgSettingsSchema } from '../../protocol/schemas.js';
import type { CreatedTokenResponse, CreatedUserResponse } from '../../protocol/index.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { idParam, readBody } from '../body.js';
import { conflict, notFound, badRequest } from '../errors.js';
import { tokenView, userView } from '../views.js';
import { newPassword } from '../secrets.js';
import { mintToken } from '../services/tokens.js';
import { hashPassword } from '../passwords.js';
import { readQuery } from '../query.js';
import { noQuery } from '../../protocol/querySchemas.js';

export function adminRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/tokens', async (c) => {
    const admin = requireUser(c, 'admin');
    readQuery(c, noQuery);
    return c.json({ tokens: (await s.store.listTokens(admin.orgId)).map(tokenView) });
  });

  app.post('/tokens', async (c) => {
    const admin = requireUser(c, 'admin');
    const { agent } = await readBody(c, createTokenSchema);
    const at = s.now().toISOString();
    const { token, secret } = await mintToken(
      s.store,
      { id: s.newId(), orgId: admin.orgId, kind: 'agent', name: agent, userId: null, at },
      (t) => [
        {
          ts: at,
          orgId: admin.orgId,
          actor: { kind: 'user', id: admin.userId, name: admin.name },
          action: 'token.created',
          subject: t.id,
          data: { kind: 'agent', agent },
        },
      ],
    );
    const body: CreatedTokenResponse = { token: tokenView(token), secret };
    return c.json(body, 201);
  });

  app.delete('/tokens/:id', async (c) => {
    const admin = requireUser(c, 'admin');
    const id = idParam(c, 'token');
    const at = s.now().toISOString();
    const ok = await s.store.revokeToken(admin.orgId, id, at, [
      {
        ts: at,
        orgId: admin.orgId,
        actor: { kind: 'user', id: admin.userId, name: admin.name },
        action: 'token.revoked',
        subject: id,
        data: {},
      },
    ]);
    if (!ok) throw notFound('active token');
    s.tokens.invalidate();
    return c.json({ ok: true });
  });

  app.get('/users', async (c) => {
    const admin = requireUser(c, 'admin');
    readQuery(c, noQuery);
    return c.json({ users: (await s.store.listUsers(admin.orgId)).map(userView) });
  });

  app.post('/users', async (c) => {
    const admin = requireUser(c, 'admin');
    const body = await readBody(c, createUserSchema);
    if (await s.store.findUserByName(body.username))
      throw conflict(`the username "${body.username}" is taken`);
    const password = body.password ?? newPassword();
    const at = s.now().toISOString();
    const user = {
      id: s.newId(),
      orgId: admin.orgId,
      username: body.username,
      role: body.role,
      passwordHash: await hashPassword(password),
      totpSecret: null,
      createdAt: at,
    };
    await s.store.createUser(user, [
      {
        ts: at,
        orgId: admin.orgId,
        actor: { kind: 'user', id: admin.userId, name: admin.name },
        action: 'user.added',
        subject: user.id,
        data: { username: user.username, role: user.role },
      },
    ]);
    const response: CreatedUserResponse = { user: userView(user) };
    if (!body.password) response.password = password;
    return c.json(response, 201);
  });

  app.delete('/users/:id', async (c) => {
    const admin = requireUser(c, 'admin');
    const id = idParam(c, 'user');
    if (id === admin.userId) throw badRequest('you cannot remove yourself; ask another admin');
    const user = await s.store.getUser(admin.orgId, id);
    if (!user) throw notFound('user');
    const ok = await s.store.removeUser(admin.orgId, id, [
      {
        ts: s.now().toISOString(),
        orgId: admin.orgId,
        actor: { kind: 'user', id: admin.userId, name: admin.name },
        action: 'user.removed',
        subject: id,
        data: { username: user.username },
      },
    ]);
    if (!ok) throw notFound('user');
    s.tokens.invalidate();
    return c.json({ ok: true });
  });

  app.get('/org', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    const org = await s.orgs.get(user.orgId);
    return c.json({ org });
  });

  app.patch('/org', async (c) => {
    const admin = requireUser(c, 'admin');
    const patch = await readBody(c, orgSettingsSchema);
    const org = await s.orgs.get(admin.orgId);
    const settings = { ...org.settings, ...patch };
    await s.store.updateOrgSettings(admin.orgId, settings, [
      {
        ts: s.now().toISOString(),
        orgId: admin.orgId,
        actor: { kind: 'user', id: admin.userId, name: admin.name },
        action: 'org.settings_changed',
        subject: admin.orgId,
        data: { ...patch },
      },
    ]);
    s.orgs.invalidate(admin.orgId);
    return c.json({ org: { ...org, settings } });
  });

  return app;
}
