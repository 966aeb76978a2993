/**
 * Team policies as code, on the embedded store (issue 11): `expacti policy test` offline, `serve
 * --policy` refusing a file whose example fails, admin upload through the API and the CLI
 * (groups must exist, stale uploads and reviewers refused, every version audited), groups managed
 * with the CLI, the default policy being today's behaviour — and, for issue 25, the notification
 * of a request that follows an untrusted read naming that read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EXIT } from '../src/protocol/exitCodes.js';
import { runCli, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

const GOOD = `version: 1
rules:
  - name: two-for-deletes
    match: { category: [delete], minTier: low }
    effect: { approvals: 2, from: [dba], route: [dba] }
    examples:
      match: ["rm -rf build"]
      noMatch: ["ls -la"]
  - name: no-force-push
    match: { program: [git], category: [history-rewrite] }
    effect: { deny: "no force pushes" }
    examples:
      match: ["git push --force origin main"]
      noMatch: ["git push origin main"]
  - name: mkdir-approves-at-timeout
    match: { program: [mkdir], tier: [safe, low] }
    effect: { timeout: 2s, onTimeout: approve }
    examples:
      match: ["mkdir build"]
`;
const BAD = GOOD.replace('noMatch: ["ls -la"]', 'noMatch: ["rm -f one.txt"]');

describe('team policies as code (SQLite)', () => {
  const work = tempDir('expacti-policy-admin-');
  const good = join(work.path, 'good.yaml');
  const bad = join(work.path, 'bad.yaml');
  let server: ServerHandle;
  let hooks: Server;
  const got: Array<Record<string, unknown>> = [];
  let hookUrl = '';
  const admin = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });

  before(async () => {
    writeFileSync(good, GOOD);
    writeFileSync(bad, BAD);
    hooks = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        got.push(JSON.parse(raw) as Record<string, unknown>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    server = await startServer({ env: { HOOK_SECRET: 's3cret' } });
  });
  after(async () => {
    await server?.stop();
    hooks?.close();
    work.remove();
  });

  it('checks a policy offline, and shows what applies to a command', async () => {
    const ok = await runCli(['policy', 'test', good, '--command', 'git push --force origin main']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /3 rules, 5 examples, all hold/);
    assert.match(ok.stdout, /rule no-force-push: applies\n {2}denied: no force pushes/);
    const refused = await runCli(['policy', 'test', bad]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /rule two-for-deletes: this example should not match the rule, but does\n\s+example: rm -f one.txt/,
    );
  });

  it('refuses to start a server on a policy whose example fails, naming it', async () => {
    const res = await runCli(['serve', '--port', '0', '--data', join(work.path, 'refused'), '--policy', bad]);
    assert.equal(res.code, EXIT.config, res.stderr);
    assert.match(res.stderr, /two-for-deletes.*rm -f one\.txt/);
  });

  it('keeps today’s behaviour under the default policy: one approval decides', async () => {
    const shown = await api(server.url, 'GET', '/v1/policy', server.secrets.adminToken);
    assert.equal((shown.body as { default: boolean }).default, true);
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['rm', '-rf', 'build'] },
      cwd: work.path,
    });
    const request = (r.body as { request: { id: string; policy?: unknown } }).request;
    assert.equal(request.policy, undefined);
    const approved = await api(
      server.url,
      'POST',
      `/v1/requests/${request.id}/approve`,
      server.secrets.adminToken,
      {},
    );
    assert.equal((approved.body as { request: { status: string } }).request.status, 'approved');
  });

  it('uploads through the API only what names existing groups, refuses reviewers and stale uploads, and audits each version', async () => {
    const withHook = `${GOOD}notifications:\n  channels:\n    - { name: hook, type: webhook, url: "${hookUrl}", secretEnv: HOOK_SECRET }\n    - { name: decisions, type: webhook, url: "${hookUrl}", secretEnv: HOOK_SECRET, events: [decided] }\n`;
    writeFileSync(good, withHook);
    const missing = await runCli(['policy', 'upload', good], { env: admin() });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /groups that do not exist: dba/);

    const made = await api(server.url, 'POST', '/v1/users', server.secrets.adminToken, {
      username: 'rita',
      role: 'reviewer',
      password: 'rita-password-123',
    });
    assert.equal(made.status, 201);
    for (const args of [
      ['group', 'add', 'dba'],
      ['group', 'add-member', 'dba', 'rita'],
    ]) {
      const res = await runCli(args, { env: admin() });
      assert.equal(res.code, 0, res.stderr);
    }
    const list = await runCli(['group', 'list'], { env: admin() });
    assert.match(list.stdout, /^dba {2}rita$/m);

    const login = await api(server.url, 'POST', '/v1/auth/token', null, {
      username: 'rita',
      password: 'rita-password-123',
    });
    const rita = (login.body as { secret: string }).secret;
    const asReviewer = await api(server.url, 'POST', '/v1/policy', rita, { source: withHook });
    assert.equal(asReviewer.status, 403);

    const stored = await runCli(['policy', 'upload', good, '--note', 'two for deletes'], { env: admin() });
    assert.equal(stored.code, 0, stored.stderr);
    assert.match(stored.stdout, /as policy version 1/);
    const stale = await runCli(['policy', 'upload', good, '--if-latest', '0'], { env: admin() });
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /changed since version 0/);
    const versions = await runCli(['policy', 'versions'], { env: admin() });
    assert.match(versions.stdout, /^1 {2}\S+ {2}admin {2}two for deletes$/m);
    const removeGuarded = await runCli(['group', 'remove', 'dba'], { env: admin() });
    assert.notEqual(removeGuarded.code, 0);
    assert.match(removeGuarded.stderr, /names group dba/);

    const audit = await api(server.url, 'GET', '/v1/audit?limit=1000', server.secrets.adminToken);
    const records = (
      audit.body as { records: Array<{ action: string; subject: string; data: Record<string, unknown> }> }
    ).records;
    const updated = records.filter((x) => x.action === 'policy.updated');
    assert.equal(updated.length, 1);
    assert.deepEqual(updated[0]?.data.rules, [
      'two-for-deletes',
      'no-force-push',
      'mkdir-approves-at-timeout',
    ]);
    assert.ok(records.some((x) => x.action === 'group.member_added' && x.subject === 'dba'));

    // The dry run (POST /v1/check) says what the gate will do under the policy.
    const dry = async (argv: string[]) =>
      (await api(server.url, 'POST', '/v1/check', server.secrets.agentToken, { command: { argv } })).body as {
        decision: string;
        justification: string;
      };
    const refused = await dry(['git', 'push', '--force', 'origin', 'main']);
    assert.equal(refused.decision, 'deny');
    assert.match(refused.justification, /policy rule no-force-push/);
    const entry = await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, {
      pattern: 'rm -rf build',
    });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    const held = await dry(['rm', '-rf', 'build']);
    assert.equal(held.decision, 'review');
    assert.match(held.justification, /policy rule two-for-deletes: the whitelist does not apply/);

    // The new version applies at once.
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['rm', '-rf', 'build'] },
      cwd: work.path,
    });
    const view = (r.body as { request: { id: string; approvals: { summary: string } } }).request;
    assert.equal(view.approvals.summary, '0 of 2 approvals (from dba)');
    const one = await runCli(['approve', view.id], { env: { EXPACTI_URL: server.url, EXPACTI_TOKEN: rita } });
    assert.equal(one.code, 0, one.stderr);
    assert.match(
      one.stdout,
      /your approval of \S+ is counted: 1 of 2 approvals \(from dba\); it waits for another reviewer/,
    );
    const no = await api(server.url, 'POST', `/v1/requests/${view.id}/deny`, server.secrets.adminToken, {
      note: 'not this week',
    });
    assert.equal((no.body as { request: { status: string } }).request.status, 'denied', 'one deny ends it');
    const deadline = Date.now() + 10_000;
    let decided: Record<string, unknown> | undefined;
    while (
      !(decided = got.find((m) => m.requestId === view.id && m.type === 'request.decided')) &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(decided?.status, 'denied');
    assert.match(String(decided?.decision), /denied by admin.*not this week/);
  });

  it('approves at the timeout what a rule says may be (at most low), as the policy', async () => {
    const submit = async (argv: string[]) =>
      (
        (
          await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
            command: { argv },
            cwd: work.path,
          })
        ).body as { request: { id: string; status: string } }
      ).request;
    const low = await submit(['mkdir', 'build']);
    assert.equal(low.status, 'pending');
    const deadline = Date.now() + 15_000;
    let after: { status: string; decision?: { justification: string; by: { kind: string } } } | undefined;
    for (;;) {
      const r = await api(server.url, 'GET', `/v1/requests/${low.id}`, server.secrets.adminToken);
      after = (r.body as { request: typeof after }).request;
      if (after?.status !== 'pending' || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(after?.status, 'approved');
    assert.equal(after?.decision?.by.kind, 'policy');
    assert.match(
      after?.decision?.justification ?? '',
      /approved at its timeout by policy rule mkdir-approves-at-timeout/,
    );
  });

  it('tells reviewers when a request follows an untrusted read, naming the read (issue 25)', async () => {
    const session = 'poisoned-session-1';
    const reported = await api(server.url, 'POST', '/v1/sessions/reads', server.secrets.agentToken, {
      session,
      reads: [
        {
          host: 'claude',
          tool: 'WebFetch',
          kind: 'url',
          source: 'https://attacker.example/README.md',
          size: 2048,
          sha256: null,
          findings: [
            { code: 'injection.instructions', message: 'instructions addressed to an AI agent', count: 1 },
          ],
        },
      ],
    });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    const r = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['rm', '-rf', 'build'] },
      cwd: work.path,
      session,
    });
    const id = (r.body as { request: { id: string } }).request.id;
    const deadline = Date.now() + 10_000;
    let message: Record<string, unknown> | undefined;
    while (!(message = got.find((m) => m.requestId === id)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(message, 'the webhook got the request');
    assert.equal(message.tainted, true);
    assert.match(String(message.title), /follows an untrusted read/);
    assert.deepEqual(
      (message.reads as Array<{ source: string; findings: string[] }>).map((x) => [x.source, x.findings]),
      [['https://attacker.example/README.md', ['injection.instructions']]],
    );
  });
});
