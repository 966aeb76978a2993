/**
 * Push channels re-check their credential: an event stream opened with a token that is then
 * revoked, by a user who is then removed, or in a dashboard session that then ends, ends at once
 * and receives nothing more — on SQLite, and on PostgreSQL when the revocation happens on another
 * replica than the one holding the stream.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api } from './support/api.js';
import type { ServerHandle } from './support/expacti.js';
import { describeOnEachStore } from './support/stores.js';
import { endsWithin, openStream, waitUntil, type OpenStream } from './support/sse.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeOnEachStore('event streams after their credential is revoked', (ctx) => {
  /** Holds the streams. */
  let a: ServerHandle;
  /** Takes the revocations and submissions (another replica on PostgreSQL). */
  let b: ServerHandle;
  let admin: string;

  before(async () => {
    a = ctx.server();
    b = ctx.kind === 'postgres' ? await ctx.replica() : a;
    admin = a.secrets.adminToken;
  });

  async function reviewer(): Promise<{
    id: string;
    username: string;
    password: string;
    token: string;
    tokenId: string;
  }> {
    const username = `rev-${randomUUID().slice(0, 8)}`;
    const password = `pw-${randomUUID()}`;
    const created = await api(b.url, 'POST', '/v1/users', admin, { username, role: 'reviewer', password });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const signIn = await api(b.url, 'POST', '/v1/auth/token', null, { username, password });
    assert.equal(signIn.status, 201, JSON.stringify(signIn.body));
    return {
      id: (created.body['user'] as { id: string }).id,
      username,
      password,
      token: String(signIn.body['secret']),
      tokenId: (signIn.body['token'] as { id: string }).id,
    };
  }

  async function submit(marker: string, token = a.secrets.agentToken): Promise<string> {
    const res = await api(b.url, 'POST', '/v1/requests', token, {
      command: { argv: ['rm', '-rf', `/tmp/${marker}`] },
      cwd: '/tmp',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return (res.body['request'] as { id: string }).id;
  }

  /** A stream nobody revokes, to prove the submission was pushed to streams that are still allowed. */
  async function control(): Promise<OpenStream> {
    return openStream(`${a.url}/v1/events`, bearer(admin));
  }

  async function expectCutOff(stream: OpenStream, witness: OpenStream, marker: string): Promise<void> {
    await waitUntil(() => witness.text().includes(marker), 5000, 'the control stream to see the request');
    await endsWithin(stream, 3000);
    assert.doesNotMatch(stream.text(), new RegExp(marker), 'the revoked stream received the command');
    assert.equal(
      stream.events.some((e) => e.type === 'request.created' || e.type === 'request.updated'),
      false,
    );
    witness.close();
  }

  it('ends a reviewer stream when its token is revoked, before the next command', async () => {
    const r = await reviewer();
    const stream = await openStream(`${a.url}/v1/events`, bearer(r.token));
    const witness = await control();
    const revoked = await api(b.url, 'DELETE', `/v1/tokens/${r.tokenId}`, admin);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const marker = `after-revoke-${randomUUID()}`;
    await submit(marker);
    await expectCutOff(stream, witness, marker);
    assert.equal((await api(a.url, 'GET', '/v1/me', r.token)).status, 401);
  });

  it('ends the streams of a user who is removed', async () => {
    const r = await reviewer();
    const stream = await openStream(`${a.url}/v1/events`, bearer(r.token));
    const witness = await control();
    assert.equal((await api(b.url, 'DELETE', `/v1/users/${r.id}`, admin)).status, 200);
    const marker = `after-removal-${randomUUID()}`;
    await submit(marker);
    await expectCutOff(stream, witness, marker);
  });

  it('ends a dashboard session stream when the session signs out', async () => {
    const r = await reviewer();
    const login = await fetch(`${b.url}/v1/web/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: r.username, password: r.password }),
    });
    const state = (await login.json()) as { stage: string; csrfToken: string };
    assert.equal(state.stage, 'ready');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const stream = await openStream(`${a.url}/v1/events`, { cookie });
    const witness = await control();
    const out = await fetch(`${b.url}/v1/web/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': state.csrfToken, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(out.status, 200);
    const marker = `after-logout-${randomUUID()}`;
    await submit(marker);
    await expectCutOff(stream, witness, marker);
  });

  it('ends a password-only session stream when the org starts requiring two-factor sign-in', async () => {
    const r = await reviewer();
    const login = await fetch(`${b.url}/v1/web/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: r.username, password: r.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const stream = await openStream(`${a.url}/v1/events`, { cookie });
    const witness = await control();
    assert.equal((await api(b.url, 'PATCH', '/v1/org', admin, { requireTotp: true })).status, 200);
    try {
      const marker = `after-require-totp-${randomUUID()}`;
      await submit(marker);
      await expectCutOff(stream, witness, marker);
    } finally {
      await api(b.url, 'PATCH', '/v1/org', admin, { requireTotp: false });
    }
  });

  it("ends an agent's request stream when its token is revoked, before the decision reaches it", async () => {
    const minted = await api(b.url, 'POST', '/v1/tokens', admin, {
      agent: `agent-${randomUUID().slice(0, 8)}`,
    });
    assert.equal(minted.status, 201);
    const agentToken = String(minted.body['secret']);
    const agentTokenId = (minted.body['token'] as { id: string }).id;
    const id = await submit(`agent-${randomUUID()}`, agentToken);
    const stream = await openStream(`${a.url}/v1/requests/${id}/events`, bearer(agentToken));
    await waitUntil(() => stream.events.some((e) => e.type === 'request.updated'), 5000, 'the current state');
    const witness = await openStream(`${a.url}/v1/requests/${id}/events`, bearer(admin));
    assert.equal((await api(b.url, 'DELETE', `/v1/tokens/${agentTokenId}`, admin)).status, 200);
    assert.equal((await api(b.url, 'POST', `/v1/requests/${id}/approve`, admin, {})).status, 200);
    await waitUntil(
      () => witness.text().includes('"approved"'),
      5000,
      'the control stream to see the approval',
    );
    await endsWithin(stream, 3000);
    assert.doesNotMatch(stream.text(), /"approved"/, 'the revoked agent stream received the decision');
    witness.close();
  });
});
