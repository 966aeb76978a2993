/**
 * A signed-in reviewer turns on TOTP from the dashboard: POST /v1/web/totp/new gives a fresh secret
 * and its otpauth URI (the page draws the QR code locally); POST /v1/web/totp/enable {secret, code}
 * stores it once a current code proves the app has it. Audited.
 */
import { Hono } from 'hono';
import { totpEnableSchema } from '../../protocol/dashboardSchemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireUser } from '../auth.js';
import { readBody } from '../body.js';
import { ApiError, conflict } from '../errors.js';
import { newTotpSecret, totpUri, verifyTotp } from '../totp.js';

export function webTotpRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/web/totp/new', (c) => {
    const user = requireUser(c);
    const secret = newTotpSecret();
    return c.json({ secret, uri: totpUri(secret, user.name) });
  });
  app.post('/web/totp/enable', async (c) => {
    const user = requireUser(c);
    const body = await readBody(c, totpEnableSchema);
    const record = await s.store.getUser(user.orgId, user.userId);
    if (record?.totpSecret) throw conflict('two-factor sign-in is already on for this account');
    if (!verifyTotp(body.secret, body.code))
      throw new ApiError('bad_request', 'wrong or expired code; use the current one', 'code');
    await s.store.updateUser(user.orgId, user.userId, { totpSecret: body.secret }, [
      {
        ts: s.now().toISOString(),
        orgId: user.orgId,
        actor: { kind: 'user', id: user.userId, name: user.name },
        action: 'user.totp_enrolled',
        subject: user.userId,
        data: { via: 'web' },
      },
    ]);
    return c.json({ ok: true });
  });
  return app;
}
