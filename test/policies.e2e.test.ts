/**
 * Team approval policies end to end (issue 11): a policy file loaded with `serve --policy` on two
 * replicas of one real PostgreSQL; an agent waiting on replica A sees "1 of 2 approvals" while two
 * reviewers of the dba group vote on replica B and A; racing votes on both replicas both count and
 * approve once; the requester, a non-member and a second vote of the same reviewer do not count;
 * one deny ends it; a rule denies outright; whitelisting is refused; notifications reach a real
 * HTTP receiver (HMAC checked), a Slack-style receiver (Block Kit) and a real SMTP server
 * (smtp-server), with a single-use link; escalation notifies the next group, the timeout denies;
 * a failing channel ends in the dead-letter list and can be retried.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { runCli, spawnCli, startServer, tempDir, waitForText, type ServerHandle } from './support/expacti.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { postgresServerArgs } from './support/stores.js';
import { api } from './support/api.js';

const WAITING = /request ([0-9a-f-]{36})/;
const SECRET = 'whsec-test-0123456789';

interface Received {
  path: string;
  body: Record<string, unknown>;
  signatureOk: boolean | null;
}

function verifySignature(header: string | undefined, raw: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const [, t, mac] = m as unknown as [string, string, string];
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const want = createHmac('sha256', SECRET).update(`${t}.${raw}`).digest();
  return timingSafeEqual(want, Buffer.from(mac, 'hex'));
}

async function startReceiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/broken') {
        res.writeHead(500).end('down for maintenance');
        return;
      }
      const header = req.headers['x-expacti-signature'];
      got.push({
        path: req.url ?? '',
        body: JSON.parse(raw) as Record<string, unknown>,
        signatureOk: req.url?.startsWith('/hook') ? verifySignature(header as string | undefined, raw) : null,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server };
}

async function startSmtp(): Promise<{ port: number; mails: string[]; server: SMTPServer }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
      stream.on('end', () => {
        mails.push(text);
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, mails, server };
}

function policyText(receiver: string, smtpPort: number): string {
  return `version: 1
rules:
  - name: touch-needs-two-dbas
    description: a stand-in for "critical SQL on production" that is safe to run in a test
    match: { program: [touch] }
    effect:
      approvals: 2
      from: [dba]
      route: [dba]
      whitelist: forbid
      timeout: 2m
    examples:
      match: [{ command: "touch x", cwd: /tmp/work }]
      noMatch: [{ command: "ls", cwd: /tmp/work }, "mkdir x"]
  - name: no-force-push
    match: { program: [git], category: [history-rewrite] }
    effect: { deny: "force pushes are not allowed here; open a pull request" }
    examples:
      match: ["git push --force origin main"]
      noMatch: ["git push origin feature"]
  - name: no-ddl-on-prod
    match: { sql: [DROP], database: [prod] }
    effect: { deny: "no DDL on the production database" }
    examples:
      match: [{ command: "psql -h db -c 'DROP TABLE users'", database: prod }]
      noMatch:
        - { command: "psql -h db -c 'DROP TABLE users'", database: staging }
        - { command: "psql -h db -c 'select 1'", database: prod }
  - name: mkdir-escalates
    match: { program: [mkdir] }
    effect:
      route: [dba]
      escalate: [{ after: 2s, to: oncall }]
      timeout: 6s
    examples:
      match: ["mkdir /tmp/x"]
      noMatch: ["touch /tmp/x"]
notifications:
  maxAttempts: 2
  linkTtl: 10m
  channels:
    - { name: team-slack, type: slack, url: "${receiver}/slack", groups: [dba] }
    - { name: audit-hook, type: webhook, url: "${receiver}/hook", secretEnv: EXPACTI_TEST_HOOK_SECRET }
    - { name: oncall-hook, type: webhook, url: "${receiver}/hook-oncall", secretEnv: EXPACTI_TEST_HOOK_SECRET, groups: [oncall], events: [escalated] }
    - { name: broken, type: webhook, url: "${receiver}/broken", secretEnv: EXPACTI_TEST_HOOK_SECRET, groups: [dba] }
    - name: dba-mail
      type: email
      to: [dba@example.test]
      from: expacti@example.test
      groups: [dba]
      smtp: { host: 127.0.0.1, port: ${smtpPort}, secure: false, requireTls: false }
`;
}

async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('team approval policies on two replicas', () => {
  let pg: TestPostgres;
  let a: ServerHandle;
  let b: ServerHandle;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const work = tempDir('expacti-policies-');
  const policyFile = join(work.path, 'policy.yaml');
  const tokens: Record<string, string> = {};
  const env = { EXPACTI_TEST_HOOK_SECRET: SECRET };

  before(async () => {
    receiver = await startReceiver();
    smtp = await startSmtp();
    writeFileSync(policyFile, policyText(receiver.url, smtp.port));
    pg = await startTestPostgres();
    const args = ['--database-url', pg.url, ...postgresServerArgs(work.path), '--policy', policyFile];
    a = await startServer({ args, env });
    b = await startServer({ args, env, secrets: a.secrets });
    const admin = a.secrets.adminToken;
    for (const g of ['dba', 'oncall'])
      assert.equal((await api(a.url, 'POST', '/v1/groups', admin, { name: g })).status, 201);
    const agentName = await agentNameOf(a);
    for (const [name, groups] of [
      ['ana', ['dba']],
      ['bo', ['dba']],
      ['cy', []],
      [agentName, ['dba']],
    ] as const) {
      const made = await api(a.url, 'POST', '/v1/users', admin, {
        username: name,
        role: 'reviewer',
        password: `pw-${name}-12345678`,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      for (const g of groups)
        assert.equal(
          (await api(a.url, 'POST', `/v1/groups/${g}/members`, admin, { username: name })).status,
          200,
        );
      const login = await api(a.url, 'POST', '/v1/auth/token', null, {
        username: name,
        password: `pw-${name}-12345678`,
      });
      assert.equal(login.status, 201, JSON.stringify(login.body));
      tokens[name === agentName ? 'requester' : name] = (login.body as { secret: string }).secret;
    }
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await pg?.stop();
    receiver?.server.close();
    await new Promise<void>((resolve) => (smtp ? smtp.server.close(() => resolve()) : resolve()));
    work.remove();
  });

  async function agentNameOf(server: ServerHandle): Promise<string> {
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['echo', 'who-am-i'] },
      cwd: '/',
    });
    return (r.body as { request: { agent: { name: string } } }).request.agent.name;
  }

  const submit = async (argv: string[], cwd = work.path) => {
    const r = await api(a.url, 'POST', '/v1/requests', a.secrets.agentToken, { command: { argv }, cwd });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return (r.body as { request: { id: string; status: string; decision?: { justification: string } } })
      .request;
  };
  const approve = (server: ServerHandle, who: string, id: string, body: unknown = {}) =>
    api(server.url, 'POST', `/v1/requests/${id}/approve`, tokens[who] as string, body);

  it('shows the agent "1 of 2 approvals" and runs only after a second dba member approves on the other replica', async () => {
    const marker = join(work.path, 'two-approvals');
    const agent = spawnCli(['run', '--', 'touch', marker], {
      env: { EXPACTI_URL: a.url, EXPACTI_TOKEN: a.secrets.agentToken },
    });
    const [, id] = await waitForText(agent.stderrSoFar, WAITING);
    const first = await approve(b, 'ana', id as string);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal((first.body as { request: { status: string } }).request.status, 'pending');
    await waitForText(agent.stderrSoFar, /1 of 2 approvals \(from dba\) — approved by ana/);
    assert.equal(existsSync(marker), false, 'one approval is not enough');

    const again = await approve(a, 'ana', id as string);
    assert.equal(again.status, 409, 'the same reviewer twice counts once');
    const outsider = await approve(a, 'cy', id as string);
    assert.equal(outsider.status, 403);
    assert.match(outsider.body.error?.message ?? '', /only members of dba/);
    const self = await approve(a, 'requester', id as string);
    assert.equal(self.status, 403);
    assert.match(self.body.error?.message ?? '', /requester's own approval never counts/);

    const second = await approve(a, 'bo', id as string);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const res = await agent.result;
    assert.equal(res.code, 0, res.stderr);
    assert.equal(existsSync(marker), true);

    const explain = await runCli(['policy', 'explain', id as string, '--json'], {
      env: { EXPACTI_URL: b.url, EXPACTI_TOKEN: a.secrets.adminToken },
    });
    assert.equal(explain.code, 0, explain.stderr);
    const e = JSON.parse(explain.stdout) as {
      approvals: { summary: string };
      votes: Array<{ name: string }>;
      applied: { rules: Array<{ name: string }> };
    };
    assert.equal(e.approvals.summary, '2 of 2 approvals (from dba)');
    assert.deepEqual(
      e.votes.map((v) => v.name),
      ['ana', 'bo'],
    );
    assert.deepEqual(
      e.applied.rules.map((r) => r.name),
      ['touch-needs-two-dbas'],
    );

    const audit = await api(a.url, 'GET', `/v1/audit?limit=1000`, a.secrets.adminToken);
    const actions = (
      (audit.body as { records?: Array<{ subject: string; action: string; actor: { name: string } }> })
        .records ?? []
    )
      .filter((r) => r.subject === id)
      .map((r) => `${r.action}:${r.actor.name}`);
    assert.ok(actions.includes('request.vote:ana') && actions.includes('request.vote:bo'), actions.join(' '));
    assert.ok(actions.includes('request.approved:bo'), actions.join(' '));
  });

  it('counts both of two votes racing on two replicas and approves once', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await submit(['touch', join(work.path, `race-${round}`)]);
      const [x, y] = await Promise.all([approve(a, 'ana', r.id), approve(b, 'bo', r.id)]);
      assert.deepEqual([x.status, y.status], [200, 200]);
      const now = await api(a.url, 'GET', `/v1/requests/${r.id}`, a.secrets.adminToken);
      const view = (
        now.body as { request: { status: string; votes: unknown[]; approvals: { summary: string } } }
      ).request;
      assert.equal(view.status, 'approved');
      assert.equal(view.votes.length, 2);
      assert.equal(view.approvals.summary, '2 of 2 approvals (from dba)');
    }
  });

  it('ends the request on one deny, and refuses to whitelist what the policy forbids', async () => {
    const r = await submit(['touch', join(work.path, 'denied')]);
    assert.equal((await approve(a, 'ana', r.id, { whitelist: true })).status, 400);
    assert.equal((await approve(a, 'ana', r.id)).status, 200);
    const denied = await api(b.url, 'POST', `/v1/requests/${r.id}/deny`, tokens.cy as string, {
      note: 'not today',
    });
    assert.equal(denied.status, 200);
    assert.equal((await approve(a, 'bo', r.id)).status, 409);
  });

  it('denies at once what a rule forbids, with the rule and its message', async () => {
    const r = await submit(['git', 'push', '--force', 'origin', 'main']);
    assert.equal(r.status, 'denied');
    assert.match(
      r.decision?.justification ?? '',
      /policy rule no-force-push .*force pushes are not allowed here/,
    );
  });

  it('judges a rule on a runtime fact once the context arrives: denies on prod, lets go of it on staging', async () => {
    const ask = async (database: string) => {
      const r = await api(a.url, 'POST', '/v1/requests', a.secrets.agentToken, {
        command: { shell: "psql -h db -c 'DROP TABLE users'" },
        cwd: work.path,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const body = r.body as {
        request: { id: string; status: string; policy: { rules: Array<{ name: string; match: string }> } };
        probes: Array<{ id: string; kind: string }>;
      };
      assert.equal(body.request.status, 'pending', 'the database is not known yet: no auto-deny on a guess');
      assert.deepEqual(body.request.policy.rules, [{ name: 'no-ddl-on-prod', match: 'possible' }]);
      const sql = body.probes.find((p) => p.kind === 'sql');
      assert.ok(sql, JSON.stringify(body.probes));
      const attached = await api(
        a.url,
        'POST',
        `/v1/requests/${body.request.id}/context`,
        a.secrets.agentToken,
        {
          probes: body.probes.map((p) =>
            p.id === sql.id
              ? {
                  id: p.id,
                  kind: 'sql',
                  fact: {
                    known: true,
                    value: {
                      server: { host: 'db', port: 5432, database, user: 'app' },
                      statements: [
                        {
                          statement: 'DROP TABLE',
                          text: 'DROP TABLE users',
                          estimatedRows: { known: false, why: 'DDL' },
                          tables: [],
                        },
                      ],
                    },
                  },
                }
              : { id: p.id, kind: p.kind, fact: { known: false, why: 'not in this test' } },
          ),
          elapsedMs: 5,
          budgetMs: 300,
        },
      );
      assert.equal(attached.status, 200, JSON.stringify(attached.body));
      const now = await api(b.url, 'GET', `/v1/requests/${body.request.id}`, a.secrets.adminToken);
      return (
        now.body as {
          request: { status: string; decision?: { justification: string }; policy: { rules: unknown[] } };
        }
      ).request;
    };
    const prod = await ask('prod');
    assert.equal(prod.status, 'denied');
    assert.match(prod.decision?.justification ?? '', /no-ddl-on-prod.*no DDL on the production database/);
    const staging = await ask('staging');
    assert.equal(staging.status, 'pending');
    assert.deepEqual(staging.policy.rules, []);
  });

  it('notifies Slack-style, signed-webhook and mail channels with a single-use link, and never a wrong signature', async () => {
    const r = await submit(['touch', join(work.path, 'notified')]);
    const slack = await until('the slack message', () =>
      receiver.got.find((m) => m.path === '/slack' && JSON.stringify(m.body).includes('notified')),
    );
    const blocks = slack.body.blocks as Array<{ type: string; elements?: Array<{ url?: string }> }>;
    assert.equal(blocks[0]?.type, 'header');
    assert.ok(JSON.stringify(blocks).includes('touch'));
    const hook = await until('the webhook', () =>
      receiver.got.find((m) => m.path === '/hook' && m.body.requestId === r.id),
    );
    assert.equal(hook.signatureOk, true);
    assert.equal(hook.body.type, 'request.pending');
    assert.equal(hook.body.approvals, '0 of 2 approvals (from dba)');
    const mail = await until('the mail', () =>
      smtp.mails.find((m) => m.includes(r.id) || m.includes('notified')),
    );
    assert.match(mail, /Subject: \[expacti\]/);
    assert.match(mail, /touch/);

    const link = blocks.find((x) => x.type === 'actions')?.elements?.[0]?.url as string;
    assert.match(link, /\/v1\/links\/[A-Za-z0-9_-]{43}$/);
    const opened = await fetch(link.replace(/^https?:\/\/[^/]+/, b.url), { redirect: 'manual' });
    assert.equal(opened.status, 302);
    assert.match(opened.headers.get('location') ?? '', new RegExp(`#/requests/${r.id}$`));
    const twice = await fetch(link.replace(/^https?:\/\/[^/]+/, a.url), { redirect: 'manual' });
    assert.equal(twice.status, 410, 'single use, on every replica');
  });

  it('escalates to the next group after its delay, then denies at the timeout', async () => {
    const r = await submit(['mkdir', join(work.path, 'escalated')]);
    const escalated = await until('the escalation', () =>
      receiver.got.find((m) => m.path === '/hook-oncall' && m.body.requestId === r.id),
    );
    assert.equal(escalated.body.type, 'request.escalated');
    assert.equal(escalated.body.escalatedTo, 'oncall');
    assert.equal(escalated.signatureOk, true);
    assert.equal(
      receiver.got.filter((m) => m.path === '/hook-oncall' && m.body.requestId === r.id).length,
      1,
      'once, across replicas',
    );
    const expired = await until('the timeout', async () => {
      const now = await api(a.url, 'GET', `/v1/requests/${r.id}`, a.secrets.adminToken);
      const v = (now.body as { request: { status: string } }).request;
      return v.status === 'pending' ? undefined : v;
    });
    assert.equal(expired.status, 'expired');
  });

  it('keeps a failing channel’s messages as dead letters, visible to admins, and retries them on request', async () => {
    const dead = await until(
      'a dead letter',
      async () => {
        const list = await api(a.url, 'GET', '/v1/notifications?status=dead', a.secrets.adminToken);
        const rows = (
          list.body as {
            notifications: Array<{ id: string; channel: string; attempts: number; lastError: string }>;
          }
        ).notifications;
        return rows.find((n) => n.channel === 'broken');
      },
      20_000,
    );
    assert.equal(dead.attempts, 2);
    assert.match(dead.lastError, /HTTP 500/);
    assert.equal(
      (await api(a.url, 'GET', '/v1/notifications?status=dead', tokens.ana as string)).status,
      403,
    );
    const cli = await runCli(['policy', 'notifications', '--dead'], {
      env: { EXPACTI_URL: a.url, EXPACTI_TOKEN: a.secrets.adminToken },
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, new RegExp(`${dead.id} +dead +broken +pending`));
    const retried = await api(b.url, 'POST', `/v1/notifications/${dead.id}/retry`, a.secrets.adminToken, {});
    assert.equal(retried.status, 200);
  });

  it('refuses API uploads while the policy comes from --policy FILE, and records the file as a version', async () => {
    const up = await api(a.url, 'POST', '/v1/policy', a.secrets.adminToken, { source: 'version: 1\n' });
    assert.equal(up.status, 409);
    assert.match(up.body.error?.message ?? '', /expacti serve --policy/);
    const versions = await api(b.url, 'GET', '/v1/policy/versions', a.secrets.adminToken);
    const list = (versions.body as { versions: Array<{ version: number; createdBy: string }> }).versions;
    assert.equal(list.length, 1, 'both replicas stored it once');
    assert.match(list[0]?.createdBy ?? '', /serve --policy/);
  });
});
