/**
 * `expacti run --record` (issue 14): the approved command's output still reaches the caller
 * unchanged, and its recording is stored with the request, its hash audited. Without --record,
 * nothing is recorded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentEnv, runCli, startServer, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';

describe('expacti run --record', () => {
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());
  const admin = () => server.secrets.adminToken;
  const requestsOf = async (session: string) =>
    (await api(server.url, 'GET', `/v1/requests?session=${session}`, admin())).body['requests'] as Array<{
      id: string;
    }>;

  it('passes the output through unchanged and stores its recording with the request', async () => {
    const shell = "echo out-line; echo err-line >&2; printf 'caf\\303\\251\\n'";
    assert.equal((await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: shell })).status, 201);
    const r = await runCli(['run', '--record', '-c', shell], {
      env: agentEnv(server, { EXPACTI_SESSION: 'rec-run' }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'out-line\ncafé\n');
    assert.equal(r.stderr, 'err-line\n');
    const [req] = await requestsOf('rec-run');
    const list = (await api(server.url, 'GET', `/v1/recordings?request=${req?.id}`, admin())).body[
      'recordings'
    ] as Array<{ id: string; kind: string; sha256: string }>;
    assert.equal(list.length, 1);
    assert.equal(list[0]?.kind, 'run');
    const cast = await (
      await fetch(`${server.url}/v1/recordings/${list[0]?.id}`, {
        headers: { authorization: `Bearer ${admin()}` },
      })
    ).text();
    const shown = cast
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as [number, string, string])
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('');
    for (const part of ['out-line', 'err-line', 'café']) assert.ok(shown.includes(part), shown);
    const audit = (await api(server.url, 'GET', '/v1/audit?limit=200', admin())).body['records'] as Array<{
      action: string;
      data: { sha256?: string };
    }>;
    assert.ok(audit.some((a) => a.action === 'recording.stored' && a.data.sha256 === list[0]?.sha256));
  });

  it('records nothing without --record', async () => {
    const shell = 'echo not-recorded';
    await api(server.url, 'POST', '/v1/whitelist', admin(), { pattern: shell });
    const r = await runCli(['run', '-c', shell], { env: agentEnv(server, { EXPACTI_SESSION: 'no-rec' }) });
    assert.equal(r.code, 0, r.stderr);
    const [req] = await requestsOf('no-rec');
    const list = (await api(server.url, 'GET', `/v1/recordings?request=${req?.id}`, admin())).body[
      'recordings'
    ];
    assert.deepEqual(list, []);
  });
});
