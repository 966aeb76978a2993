/**
 * Sign-in throttling as an attacker meets it: guessing from one address stops that address (and
 * never the right password from another one), the CLI and dashboard sign-ins share one count (on
 * PostgreSQL across replicas too), guessing spread over many addresses holds the username but never
 * a correct password with a valid second factor, and every 429 says when to come back.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { generateSecret, generateSync } from 'otplib';
import { api } from './support/api.js';
import type { ServerHandle } from './support/expacti.js';
import { describeOnEachStore } from './support/stores.js';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<
    string,
    unknown
  >;
}

describeOnEachStore(
  'sign-in throttling',
  (ctx) => {
    let a: ServerHandle;
    /** Another replica on PostgreSQL; the same server on SQLite. */
    let b: ServerHandle;
    let admin: string;
    let nextAddress = 1;
    const address = (): string => `198.18.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

    before(async () => {
      a = ctx.server();
      b = ctx.kind === 'postgres' ? await ctx.replica() : a;
      admin = a.secrets.adminToken;
    });

    async function signIn(
      server: ServerHandle,
      route: 'token' | 'web',
      from: string,
      body: Record<string, string>,
    ): Promise<Answer> {
      const res = await fetch(`${server.url}${route === 'token' ? '/v1/auth/token' : '/v1/web/login'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: text ? JSON.parse(text) : {},
      };
    }

    async function newUser(): Promise<{ username: string; password: string }> {
      const username = `u-${randomUUID().slice(0, 8)}`;
      const password = `pw-${randomUUID()}`;
      const res = await api(a.url, 'POST', '/v1/users', admin, { username, role: 'reviewer', password });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { username, password };
    }

    const refusedWithRetryAfter = (res: Answer, what: string): void => {
      assert.equal(res.status, 429, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error?.code, 'too_many_requests');
      assert.match(res.retryAfter ?? '', /^[1-9]\d*$/, `${what}: Retry-After`);
      assert.equal(res.body.error?.details?.['retryAfter'], Number(res.retryAfter));
    };

    it('stops guessing from one address without locking the right password out from another', async () => {
      const victim = await newUser();
      const attacker = address();
      for (let i = 0; i < 5; i++) {
        const res = await signIn(i % 2 ? b : a, 'token', attacker, {
          username: victim.username,
          password: 'guess',
        });
        assert.equal(res.status, 401, JSON.stringify(res.body));
      }
      // The next attempt from there is refused — on the other replica too, and with the right password.
      refusedWithRetryAfter(
        await signIn(b, 'token', attacker, { username: victim.username, password: victim.password }),
        'the attacking address',
      );
      const owner = await signIn(a, 'token', address(), {
        username: victim.username,
        password: victim.password,
      });
      assert.equal(owner.status, 201, JSON.stringify(owner.body));
      const web = await signIn(b, 'web', address(), { username: victim.username, password: victim.password });
      assert.equal(web.status, 200, JSON.stringify(web.body));
    });

    it('counts the CLI and dashboard sign-ins as one', async () => {
      const victim = await newUser();
      const from = address();
      for (const route of ['token', 'web', 'token', 'web', 'token'] as const) {
        const res = await signIn(route === 'web' ? b : a, route, from, {
          username: victim.username,
          password: 'no',
        });
        assert.equal(res.status, 401, JSON.stringify(res.body));
      }
      refusedWithRetryAfter(
        await signIn(a, 'web', from, { username: victim.username, password: 'no' }),
        'web',
      );
      refusedWithRetryAfter(
        await signIn(b, 'token', from, { username: victim.username, password: 'no' }),
        'token',
      );
    });

    it('stops one address trying many usernames', async () => {
      const from = address();
      for (let i = 0; i < 20; i++) {
        const res = await signIn(i % 2 ? a : b, 'token', from, { username: `nobody-${i}`, password: 'x' });
        assert.equal(res.status, 401);
      }
      refusedWithRetryAfter(
        await signIn(a, 'token', from, { username: 'nobody-21', password: 'x' }),
        'address',
      );
      assert.equal(
        (await signIn(a, 'token', address(), { username: 'nobody-22', password: 'x' })).status,
        401,
      );
    });

    it('holds a username guessed from many addresses, but never a right password with a valid code', async () => {
      const victim = await newUser();
      // The victim enrols TOTP.
      const token = await signIn(a, 'token', address(), {
        username: victim.username,
        password: victim.password,
      });
      assert.equal(token.status, 201);
      const secret = generateSecret();
      const enable = await api(a.url, 'POST', '/v1/web/totp/enable', String(token.body['secret']), {
        secret,
        code: generateSync({ secret }),
      });
      assert.equal(enable.status, 200, JSON.stringify(enable.body));
      // 30 failures, each from a different address (no address is throttled).
      for (let i = 0; i < 30; i++) {
        const res = await signIn(i % 2 ? a : b, i % 3 ? 'token' : 'web', address(), {
          username: victim.username,
          password: `guess-${i}`,
        });
        assert.equal(res.status, 401, `attempt ${i}: ${JSON.stringify(res.body)}`);
      }
      // Now guessing from a fresh address gets a 429 that does not tell a right password from a wrong one.
      const wrong = await signIn(a, 'token', address(), { username: victim.username, password: 'guess-31' });
      const rightNoCode = await signIn(b, 'token', address(), {
        username: victim.username,
        password: victim.password,
      });
      const wrongWithCode = await signIn(a, 'token', address(), {
        username: victim.username,
        password: 'guess-32',
        totp: generateSync({ secret }),
      });
      for (const [res, what] of [
        [wrong, 'wrong password'],
        [rightNoCode, 'right password, no code'],
        [wrongWithCode, 'wrong password, valid code'],
      ] as const) {
        refusedWithRetryAfter(res, what);
        assert.equal(res.body.error?.details?.['codeAccepted'], true);
      }
      const shape = (r: Answer) => (r.body.error?.message ?? '').replace(/\d+/g, 'N');
      assert.equal(shape(wrong), shape(rightNoCode), 'no password oracle');
      assert.equal(shape(wrong), shape(wrongWithCode));
      // The owner, with the right password and a valid code, from anywhere: signed in, both routes.
      const cli = await signIn(b, 'token', address(), {
        username: victim.username,
        password: victim.password,
        totp: generateSync({ secret }),
      });
      assert.equal(cli.status, 201, JSON.stringify(cli.body));
      const web = await signIn(a, 'web', address(), {
        username: victim.username,
        password: victim.password,
        code: generateSync({ secret }),
      });
      assert.equal(web.status, 200, JSON.stringify(web.body));
      assert.equal(web.body['stage'], 'ready');
      // The guard start is audited once.
      const audit = await api(a.url, 'GET', '/v1/audit?limit=1000', admin);
      let records = audit.body['records'] as Array<{ action: string; data: { username?: string } }>;
      for (let next = audit.body['next'] as number | null; next !== null;) {
        const page = await api(a.url, 'GET', `/v1/audit?after=${next}`, admin);
        records = [...records, ...(page.body['records'] as typeof records)];
        next = page.body['next'] as number | null;
      }
      assert.equal(
        records.filter((r) => r.action === 'user.sign_in_guarded' && r.data.username === victim.username)
          .length,
        1,
      );
    });

    it('keeps holding an account without a second factor while it is guarded', async () => {
      const victim = await newUser();
      for (let i = 0; i < 30; i++) {
        await signIn(i % 2 ? a : b, 'token', address(), { username: victim.username, password: `g-${i}` });
      }
      refusedWithRetryAfter(
        await signIn(a, 'web', address(), { username: victim.username, password: victim.password }),
        'right password without a second factor',
      );
    });
  },
  { args: ['--trust-proxy'] },
);
