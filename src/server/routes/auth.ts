/**
 * POST /v1/auth/token: a reviewer signs in with username, password (and TOTP code when enrolled)
 * and gets a user token for the CLI (`expacti login`); throttled with the dashboard's sign-in
 * (services/signIn.ts). GET /v1/me: who the caller is.
 * Dashboard cookie sessions live in routes/web*.ts.
 */
import { Hono } from 'hono';
import { loginSchema } from '../../protocol/schemas.js';
import type { CreatedTokenResponse, MeResponse } from '../../protocol/index.js';
import type { AppEnv, ServerServices } from '../context.js';
import { principal } from '../auth.js';
import { readBody } from '../body.js';
import { ApiError } from '../errors.js';
import { clientAddress } from '../clientAddress.js';
import { mintToken } from '../services/tokens.js';
import { tokenView } from '../views.js';
import { passwordSignIn } from '../services/signIn.js';
import { readQuery } from '../query.js';
import { noQuery } from '../../protocol/querySchemas.js';

export function publicAuthRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/auth/token', async (c) => {
    const body = await readBody(c, loginSchema);
    const { user, codeVerified } = await passwordSignIn(s, {
      address: clientAddress(c, s.trustProxy),
      username: body.username,
      password: body.password,
      code: body.totp,
      via: 'cli',
    });
    if (user.totpSecret !== null && !codeVerified) {
      throw new ApiError('unauthorized', 'this account needs a TOTP code (--totp)');
    }
    if (user.totpSecret === null && (await s.orgs.get(user.orgId)).settings.requireTotp) {
      throw new ApiError(
        'unauthorized',
        'your org requires two-factor sign-in: enrol in the dashboard first, then sign in with --totp CODE',
      );
    }
    const at = s.now().toISOString();
    const { token, secret } = await mintToken(
      s.store,
      { id: s.newId(), orgId: user.orgId, kind: 'user', name: body.label ?? 'cli', userId: user.id, at },
      (t) => [
        {
          ts: at,
          orgId: user.orgId,
          actor: { kind: 'user', id: user.id, name: user.username },
          action: 'user.login',
          subject: user.id,
          data: { via: 'cli', token: t.id },
        },
      ],
    );
    const response: CreatedTokenResponse = { token: tokenView(token), secret };
    return c.json(response, 201);
  });
  return app;
}

export function meRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/me', async (c) => {
    const p = principal(c);
    readQuery(c, noQuery);
    const org = await s.orgs.get(p.orgId);
    const body: MeResponse = {
      org: { id: org.id, name: org.name, approvalTimeoutSeconds: org.settings.approvalTimeoutSeconds },
      principal:
        p.kind === 'agent'
          ? { kind: 'agent', id: p.tokenId, name: p.name }
          : { kind: 'user', id: p.userId, name: p.name, role: p.role },
    };
    return c.json(body);
  });
  return app;
}
