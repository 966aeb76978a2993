/**
 * The native fast path (native/fast, issue 26) against a real server: a whitelisted command runs
 * from the C client with the same request and audit records as the Node path; anything else is
 * handed to Node before anything is created, so it is asked exactly once; a server that is down
 * or answers nonsense runs nothing; a report the server cannot take waits in the spool and the
 * next run delivers it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AuditRecordView, RequestView } from '../src/protocol/api.js';
import { fnv1a64 } from '../src/agent/context.js';
import { api } from './support/api.js';
import {
  agentEnv,
  freePort,
  runCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { ensureNativeBuilt, FAST, FAST_SH, runNative, spawnNative } from './support/nativeFast.js';

const HANDED = /expacti-fast: handing over to Node: (.*)/;
const UNCONFINED_NOTE =
  'expacti: note: ran unconfined (this machine cannot confine commands; the org allows it for this tier)\n';

/** A local HTTP server whose answers the test writes; it keeps every request it got. */
async function fakeServer(
  answer: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ url: string; seen: Array<{ path: string; body: string }>; close(): Promise<void> }> {
  const seen: Array<{ path: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      answer(req, body, res);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const ID = '0b6a4a36-3c1e-4d8e-9d3e-7a1b2c3d4e5f';

/** A well-formed whitelisted answer for `argv`, changed by `edit`. */
function allowed(argv: string[], edit: (a: Record<string, unknown>) => void = () => undefined): unknown {
  const answer: Record<string, unknown> = {
    request: {
      id: ID,
      status: 'approved',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      command: { argv },
      analysis: {},
    },
    exec: { command: { argv }, confine: { scope: {}, required: false, record: true } },
    dashboardUrl: 'http://example.invalid/r',
  };
  edit(answer);
  return answer;
}

describe('the native fast path (expacti-fast, expacti-sh)', () => {
  let server: ServerHandle;
  const dir = tempDir('expacti-fast-e2e-');
  const project = join(dir.path, 'project');
  const state = join(dir.path, 'state');
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    ...agentEnv(server),
    EXPACTI_CONFINE: 'off',
    XDG_STATE_HOME: state,
    ...extra,
  });
  const requests = async (): Promise<RequestView[]> =>
    (await api(server.url, 'GET', '/v1/requests?limit=500', server.secrets.adminToken)).body[
      'requests'
    ] as RequestView[];
  const audit = async (): Promise<AuditRecordView[]> =>
    (await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken)).body[
      'records'
    ] as AuditRecordView[];
  const whitelist = async (pattern: string) =>
    assert.equal(
      (await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern })).status,
      201,
    );

  before(async () => {
    ensureNativeBuilt();
    // A repository the agent works in: the branch travels with the request.
    mkdirSync(join(project, '.git'), { recursive: true });
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/feature-x\n');
    server = await startServer();
    for (const p of ['true', 'false', 'echo native-ran', 'echo node-or-native']) await whitelist(p);
  });
  after(async () => {
    await server.stop();
    dir.remove();
  });

  it('runs a whitelisted command itself, reports how it ended, with the records the Node path makes', async () => {
    const fast = await runNative(FAST, ['run', '--reason', 'to compare', '--', 'false'], {
      env: env({ EXPACTI_FAST_DEBUG: '1' }),
      cwd: project,
    });
    assert.equal(fast.code, 1, fast.stderr);
    assert.doesNotMatch(fast.stderr, HANDED, 'the C client ran it itself');
    const node = await runCli(['run', '--reason', 'to compare', '--', 'false'], { env: env(), cwd: project });
    assert.equal(node.code, 1, node.stderr);
    assert.equal(fast.stderr, node.stderr, 'the same words');
    assert.equal(fast.stderr, UNCONFINED_NOTE);

    const [byNode, byFast] = (await requests()).filter((r) => r.commandText === 'false');
    assert.ok(byNode && byFast);
    const same = (r: RequestView) => ({
      command: r.command,
      cwd: r.cwd,
      host: r.host,
      osUser: r.osUser,
      session: r.session,
      gitBranch: r.gitBranch,
      reason: r.reason,
      status: r.status,
      by: r.decision?.by.kind,
      exitCode: r.execution?.exitCode,
      signal: r.execution?.signal,
      confinement: r.execution?.confinement,
    });
    assert.deepEqual(same(byFast), same(byNode));
    assert.equal(byFast.gitBranch, 'feature-x');
    assert.equal(byFast.execution?.exitCode, 1, 'the report arrived');
    const actions = async (id: string) =>
      (await audit()).filter((a) => a.subject === id).map((a) => a.action);
    assert.deepEqual(await actions(byFast.id), await actions(byNode.id));
    assert.deepEqual(await actions(byFast.id), ['request.allowed', 'request.completed']);
  });

  it('is the sh shim: whitelisted shell text runs under bash with its output and status', async () => {
    const r = await runNative(FAST_SH, ['-c', 'echo native-ran'], { env: env({ EXPACTI_FAST_DEBUG: '1' }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'native-ran\n');
    assert.doesNotMatch(r.stderr, HANDED);
    const view = (await requests()).find((q) => q.commandText === 'echo native-ran');
    assert.deepEqual(view?.command, { shell: 'echo native-ran' });
    assert.equal(view?.execution?.exitCode, 0);
  });

  it('hands a command that is not whitelisted to Node before anything exists: asked once, denied as before', async () => {
    const before = (await audit()).length;
    const agent = spawnNative(FAST, ['run', '--', 'echo', 'needs-review'], {
      env: env({ EXPACTI_FAST_DEBUG: '1' }),
    });
    const [, id] = await waitForText(agent.stderrSoFar, /request ([0-9a-f-]{36})/);
    assert.match(agent.stderrSoFar(), /handing over to Node: not allowed at once/);
    const denied = await api(server.url, 'POST', `/v1/requests/${id}/deny`, server.secrets.adminToken, {
      note: 'not now',
    });
    assert.equal(denied.status, 200);
    const r = await agent.result;
    assert.equal(r.code, 77, r.stderr);
    assert.match(r.stderr, /expacti: DENIED — the command was not run\./);
    assert.equal((await requests()).filter((q) => q.commandText === 'echo needs-review').length, 1);
    // Every record since is this one request's (its context report included): nothing from the first ask.
    const added = (await audit()).slice(before);
    assert.deepEqual(
      added.filter((a) => a.subject !== id),
      [],
    );
    assert.deepEqual(
      added.filter((a) => a.action === 'request.created').map((a) => a.subject),
      [id],
    );
  });

  it('fails closed when the server is down: nothing runs, with the Node path’s words and code', async () => {
    const marker = join(dir.path, 'ran-while-down');
    const r = await runNative(FAST, ['run', '--', 'touch', marker], {
      env: env({ EXPACTI_URL: `http://127.0.0.1:${await freePort()}`, EXPACTI_FAST_DEBUG: '1' }),
    });
    assert.equal(r.code, 69, r.stderr);
    assert.equal(existsSync(marker), false);
    assert.match(r.stderr, HANDED, 'nothing was sent: Node tried again and said why');
    assert.match(
      r.stderr,
      /expacti: NOT RUN — cannot reach the expacti server at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/,
    );
  });

  it('reads the server and token from the config file as Node does, and leaves https and bad files to Node', async () => {
    const config = join(dir.path, 'config.json');
    writeFileSync(config, JSON.stringify({ url: server.url, token: server.secrets.agentToken }));
    const fromFile = { EXPACTI_URL: '', EXPACTI_TOKEN: '', EXPACTI_CONFIG: config, EXPACTI_FAST_DEBUG: '1' };
    const ok = await runNative(FAST, ['run', '--', 'true'], { env: env(fromFile) });
    assert.equal(ok.code, 0, ok.stderr);
    assert.doesNotMatch(ok.stderr, HANDED);

    writeFileSync(config, '{"url": ');
    const broken = await runNative(FAST, ['run', '--', 'true'], { env: env(fromFile) });
    assert.match(broken.stderr, /handing over to Node: the config file is not a JSON object/);
    assert.equal(broken.code, 78, 'Node’s answer to a config it cannot read');
    assert.match(broken.stderr, /is not valid JSON/);

    const https = await runNative(FAST, ['run', '--', 'true'], {
      env: env({ EXPACTI_URL: `https://127.0.0.1:${await freePort()}`, EXPACTI_FAST_DEBUG: '1' }),
    });
    assert.match(https.stderr, /handing over to Node: not an http:\/\/ URL/);
    assert.equal(https.code, 69, https.stderr);
  });

  it('is shown by expacti doctor, with whether commands here take it', async () => {
    const detail = async (extra: NodeJS.ProcessEnv) => {
      const r = await runCli(['doctor', '--json'], { env: { ...env(), ...extra } });
      const report = JSON.parse(r.stdout) as { checks: Array<{ name: string; detail: string }> };
      return report.checks.find((c) => c.name === 'native fast path')?.detail ?? '';
    };
    assert.match(await detail({}), new RegExp(`built: ${FAST_SH}.*without starting Node`));
    // This checkout keeps its tracked launchers (test/nativeBin.e2e.test.ts installs a package).
    assert.match(
      await detail({}),
      /the `expacti` command \(.*bin\/expacti\) is the Node launcher \(a git checkout/,
    );
    assert.match(await detail({ EXPACTI_CONFINE: '' }), /confined here, so they go through Node/);
  });

  describe('answers it does not fully understand, after the server may have created something', () => {
    const marker = join(dir.path, 'ran-on-nonsense');
    const argv = ['touch', marker];
    const cases: Array<[string, (res: ServerResponse) => void, number, RegExp]> = [
      [
        'not JSON',
        (res) => json(res, 201, 'this is not json'),
        70,
        /answered 201 with something that is not JSON/,
      ],
      ['the wrong shape', (res) => json(res, 201, { request: {} }), 70, /unexpected body/],
      [
        'a different command',
        (res) =>
          json(
            res,
            201,
            allowed(
              ['touch', '/tmp/elsewhere'],
              (a) => ((a['request'] as { command: unknown }).command = { argv }),
            ),
          ),
        70,
        /approved a different command than the one asked for/,
      ],
      [
        'confinement required',
        (res) =>
          json(
            res,
            201,
            allowed(
              argv,
              (a) =>
                ((a['exec'] as { confine: unknown }).confine = { scope: {}, required: true, record: true }),
            ),
          ),
        70,
        /asks for confinement or an output scan/,
      ],
      [
        'an output scan',
        (res) =>
          json(
            res,
            201,
            allowed(argv, (a) => ((a['exec'] as { observe: unknown }).observe = { stdout: true })),
          ),
        70,
        /asks for confinement or an output scan/,
      ],
      [
        'a server error',
        (res) => json(res, 500, { error: { code: 'internal', message: 'boom' } }),
        69,
        /NOT RUN — server error: boom/,
      ],
      [
        'no answer at all',
        (res) => res.destroy(),
        69,
        /NOT RUN — cannot reach the expacti server at .* \(ECONNRESET\)/,
      ],
    ];
    for (const [what, answer, code, words] of cases)
      it(`runs nothing on ${what}, and does not ask again through Node`, async () => {
        const fake = await fakeServer((_req, _body, res) => answer(res));
        try {
          const r = await runNative(FAST, ['run', '--', ...argv], {
            env: env({ EXPACTI_URL: fake.url, EXPACTI_FAST_DEBUG: '1' }),
          });
          assert.equal(r.code, code, r.stderr);
          assert.match(r.stderr, words);
          assert.doesNotMatch(r.stderr, HANDED);
          assert.equal(existsSync(marker), false, 'nothing ran');
          assert.equal(fake.seen.length, 1, 'asked once');
        } finally {
          await fake.close();
        }
      });

    it('runs a well-formed whitelisted answer and reports to it (the cases above can fail)', async () => {
      const fake = await fakeServer((req, _body, res) =>
        req.url?.endsWith('/result') ? json(res, 200, { ok: true }) : json(res, 201, allowed(argv)),
      );
      try {
        const r = await runNative(FAST, ['run', '--', ...argv], { env: env({ EXPACTI_URL: fake.url }) });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(existsSync(marker), true);
        assert.equal(fake.seen[1]?.path, `/v1/requests/${ID}/result`);
        const body = JSON.parse(fake.seen[1]?.body ?? '{}') as Record<string, unknown>;
        assert.deepEqual(
          { ...body, durationMs: 0 },
          {
            exitCode: 0,
            signal: null,
            durationMs: 0,
            confinement: 'unconfined',
          },
        );
        const submitted = JSON.parse(fake.seen[0]?.body ?? '{}') as Record<string, unknown>;
        assert.equal(submitted['onlyIfAllowedAtOnce'], true);
      } finally {
        await fake.close();
      }
    });

    it('hands over on {created: false}: Node asks again without the flag', async () => {
      const fake = await fakeServer((_req, body, res) =>
        (JSON.parse(body) as { onlyIfAllowedAtOnce?: boolean }).onlyIfAllowedAtOnce
          ? json(res, 200, { created: false, why: 'not allowed at once' })
          : json(res, 503, { error: { code: 'unavailable', message: 'resting' } }),
      );
      try {
        const r = await runNative(FAST, ['run', '--', 'touch', marker + '-2'], {
          env: env({ EXPACTI_URL: fake.url }),
        });
        assert.equal(r.code, 69, r.stderr);
        assert.match(r.stderr, /NOT RUN — resting/);
        assert.equal(fake.seen.length, 2);
        assert.equal(
          (JSON.parse(fake.seen[1]?.body ?? '{}') as Record<string, unknown>)['onlyIfAllowedAtOnce'],
          undefined,
        );
      } finally {
        await fake.close();
      }
    });
  });

  it('keeps a report the server cannot take in the spool, and the next run delivers it', async () => {
    let failResults = true;
    const proxy = await fakeServer((req, body, res) => {
      if (failResults && req.url?.endsWith('/result'))
        return json(res, 503, { error: { code: 'unavailable', message: 'down for a test' } });
      void fetch(server.url + (req.url ?? ''), {
        method: req.method ?? 'GET',
        headers: {
          authorization: req.headers.authorization ?? '',
          'content-type': 'application/json',
        },
        ...(body ? { body } : {}),
      }).then(async (r) => json(res, r.status, await r.text()));
    });
    const spoolState = join(dir.path, 'spool-state');
    try {
      const first = await runNative(FAST, ['run', '--', 'false'], {
        env: env({ EXPACTI_URL: proxy.url, XDG_STATE_HOME: spoolState }),
      });
      assert.equal(first.code, 1, first.stderr);
      assert.match(
        first.stderr,
        /could not report the exit code to the server \(down for a test\); kept to send with the next run/,
      );
      const spool = join(spoolState, 'expacti', 'reports');
      const files = readdirSync(spool);
      assert.equal(files.length, 1);
      const id = files[0]?.replace(/\.json$/, '') ?? '';
      // The Node spool's own format (src/agent/reportSpool.ts): this server, this token, the body.
      const spooled = JSON.parse(readFileSync(join(spool, `${id}.json`), 'utf8')) as Record<string, unknown>;
      assert.equal(spooled['url'], proxy.url);
      assert.equal(spooled['agent'], fnv1a64(server.secrets.agentToken));
      assert.equal(spooled['id'], id);
      assert.deepEqual(
        { ...(spooled['body'] as object), durationMs: 0 },
        {
          exitCode: 1,
          signal: null,
          durationMs: 0,
          confinement: 'unconfined',
        },
      );
      const get = async () =>
        (await api(server.url, 'GET', `/v1/requests/${id}`, server.secrets.adminToken)).body[
          'request'
        ] as RequestView;
      assert.equal((await get()).execution?.exitCode ?? null, null, 'not reported yet');

      failResults = false;
      const next = await runNative(FAST, ['run', '--', 'true'], {
        env: env({ EXPACTI_URL: proxy.url, XDG_STATE_HOME: spoolState, EXPACTI_FAST_DEBUG: '1' }),
      });
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, /handing over to Node: reports wait in the spool/);
      assert.equal((await get()).execution?.exitCode, 1, 'the first run’s report arrived');
      assert.deepEqual(readdirSync(spool), []);
    } finally {
      await proxy.close();
    }
  });
});

describe('POST /v1/requests with onlyIfAllowedAtOnce', () => {
  let server: ServerHandle;
  const submit = (token: string, body: Record<string, unknown>) =>
    api(server.url, 'POST', '/v1/requests', token, { cwd: '/tmp', session: 'flag-test', ...body });
  const counts = async () => ({
    requests: (
      (await api(server.url, 'GET', '/v1/requests?limit=500', server.secrets.adminToken)).body[
        'requests'
      ] as unknown[]
    ).length,
    audit: (
      (await api(server.url, 'GET', '/v1/audit?after=0&limit=1000', server.secrets.adminToken)).body[
        'records'
      ] as unknown[]
    ).length,
  });
  const settings = async (s: Record<string, unknown>) =>
    assert.equal((await api(server.url, 'PATCH', '/v1/org', server.secrets.adminToken, s)).status, 200);

  before(async () => {
    server = await startServer();
    await api(server.url, 'POST', '/v1/whitelist', server.secrets.adminToken, { pattern: 'true' });
  });
  after(async () => {
    await server.stop();
  });

  it('creates nothing (no request, no audit record) for a command that is not allowed at once', async () => {
    const before = await counts();
    const r = await submit(server.secrets.agentToken, {
      command: { argv: ['echo', 'not-listed'] },
      onlyIfAllowedAtOnce: true,
    });
    assert.equal(r.status, 200);
    assert.equal(r.body['created'], false);
    assert.match(String(r.body['why']), /not allowed at once/);
    assert.deepEqual(await counts(), before);
  });

  it('answers a whitelisted command as usual, and creates nothing when the org requires confinement for it', async () => {
    const ok = await submit(server.secrets.agentToken, {
      command: { argv: ['true'] },
      onlyIfAllowedAtOnce: true,
    });
    assert.equal(ok.status, 201);
    assert.deepEqual((ok.body['exec'] as { command: unknown }).command, { argv: ['true'] });
    await settings({ confineRequiredFrom: 'safe' });
    try {
      const before = await counts();
      const held = await submit(server.secrets.agentToken, {
        command: { argv: ['true'] },
        onlyIfAllowedAtOnce: true,
      });
      assert.equal(held.status, 200);
      assert.match(String(held.body['why']), /requires it to run confined/);
      assert.deepEqual(await counts(), before);
      // Without the flag the same submission is allowed as always (the flag changes nothing allowed).
      const plain = await submit(server.secrets.agentToken, { command: { argv: ['true'] } });
      assert.equal(plain.status, 201);
      assert.equal((plain.body['exec'] as { confine: { required: boolean } }).confine.required, true);
    } finally {
      await settings({ confineRequiredFrom: null });
    }
  });

  it('does not count an answer that created nothing against the rate limit', async () => {
    const minted = await api(server.url, 'POST', '/v1/tokens', server.secrets.adminToken, {
      agent: 'limited',
    });
    const token = minted.body['secret'] as string;
    await settings({ submitsPerMinutePerToken: 3 });
    try {
      for (let i = 0; i < 5; i++) {
        const r = await submit(token, {
          command: { argv: ['echo', 'not-listed'] },
          onlyIfAllowedAtOnce: true,
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await submit(token, { command: { argv: ['true'] }, onlyIfAllowedAtOnce: true })).status,
          201,
        );
      const over = await submit(token, {
        command: { argv: ['echo', 'not-listed'] },
        onlyIfAllowedAtOnce: true,
      });
      assert.equal(over.status, 429, 'the limit still holds for it');
    } finally {
      await settings({ submitsPerMinutePerToken: 10_000 });
    }
  });
});
