/**
 * /metrics on a real `expacti serve`, scraped and parsed with the Prometheus project's own parser:
 * who may read it (the metrics token, an admin token; on --metrics-listen, anyone), and that the
 * gate's work shows up — requests by decision and tier, decisions and their latency, the pending
 * gauge, whitelist hits, failed webhook deliveries of audit checkpoints, store latency, the store
 * and change-feed health.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort, startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { parsePrometheus, sampleSum, sampleValue, type Family } from './support/prometheus.js';

const METRICS_TOKEN = 'metrics-scraper-0123456789abcdef';

describe('expacti serve /metrics', () => {
  const work = tempDir('expacti-metrics-');
  let server: ServerHandle;
  let metricsPort: number;
  const tokenFile = join(work.path, 'metrics.token');

  before(async () => {
    writeFileSync(tokenFile, `${METRICS_TOKEN}\n`, { mode: 0o600 });
    metricsPort = await freePort();
    server = await startServer({
      args: [
        '--metrics-token-file',
        tokenFile,
        '--metrics-listen',
        `127.0.0.1:${metricsPort}`,
        // Port 9 (discard) on loopback refuses: every checkpoint delivery to it fails.
        '--audit-checkpoint-url',
        'http://127.0.0.1:9/checkpoints',
        '--audit-checkpoint-file',
        join(work.path, 'checkpoints.jsonl'),
      ],
    });
  });
  after(async () => {
    await server?.stop();
    work.remove();
  });

  const scrape = async (
    token: string | null,
    base = server.url,
  ): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${base}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, text: await res.text() };
  };
  const families = async (): Promise<Family[]> => {
    const { status, text } = await scrape(METRICS_TOKEN);
    assert.equal(status, 200, text);
    return parsePrometheus(text);
  };

  it('answers 401 without a token, 403 to an agent token, and the exposition to the metrics or an admin token', async () => {
    const none = await scrape(null);
    assert.equal(none.status, 401);
    assert.match(JSON.parse(none.text).error.message, /metrics token/);
    assert.equal((await scrape('not-the-metrics-token-at-all')).status, 401);
    assert.equal((await scrape(server.secrets.agentToken)).status, 403);
    for (const token of [METRICS_TOKEN, server.secrets.adminToken]) {
      const res = await scrape(token);
      assert.equal(res.status, 200);
      assert.match(res.text, /^# HELP expacti_requests_total /m);
    }
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  });

  it('serves /metrics, /healthz and /readyz without a token on --metrics-listen, and nothing of the API', async () => {
    const base = `http://127.0.0.1:${metricsPort}`;
    const open = await scrape(null, base);
    assert.equal(open.status, 200);
    assert.ok(parsePrometheus(open.text).some((f) => f.name === 'expacti_build_info'));
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await fetch(`${base}/v1/health`)).status, 404);
    assert.equal((await fetch(`${base}/v1/requests`)).status, 404);
  });

  it('counts the gate’s decisions by decision and tier, their latency, the pending gauge and whitelist hits', async () => {
    const admin = server.secrets.adminToken;
    const agent = server.secrets.agentToken;
    const submit = async (argv: string[]) => {
      const res = await api(server.url, 'POST', '/v1/requests', agent, { command: { argv }, cwd: '/tmp' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return (res.body as unknown as { request: { id: string; status: string; analysis: { tier: string } } })
        .request;
    };
    assert.equal(
      (await api(server.url, 'POST', '/v1/whitelist', admin, { pattern: 'echo metrics-allowed' })).status,
      201,
    );
    assert.equal(
      (
        await api(server.url, 'POST', '/v1/whitelist', admin, {
          pattern: 'echo metrics-forbidden',
          effect: 'deny',
        })
      ).status,
      201,
    );
    const allowed = await submit(['echo', 'metrics-allowed']);
    const forbidden = await submit(['echo', 'metrics-forbidden']);
    const toApprove = await submit(['touch', '/tmp/metrics-approve']);
    const toDeny = await submit(['touch', '/tmp/metrics-deny']);
    const waiting = await submit(['touch', '/tmp/metrics-wait']);
    assert.deepEqual(
      [allowed.status, forbidden.status, toApprove.status, waiting.status],
      ['approved', 'denied', 'pending', 'pending'],
    );
    assert.equal(
      (await api(server.url, 'POST', `/v1/requests/${toApprove.id}/approve`, admin, {})).status,
      200,
    );
    assert.equal(
      (await api(server.url, 'POST', `/v1/requests/${toDeny.id}/deny`, admin, { note: 'not now' })).status,
      200,
    );

    // Whitelist hits are written (and counted) once a second, in batches.
    const m = await eventually(async () => {
      const f = await families();
      return (sampleValue(f, 'expacti_whitelist_hits_total') ?? 0) >= 1 ? f : undefined;
    });
    const requests = (decision: string, tier: string) =>
      sampleValue(m, 'expacti_requests_total', { decision, tier });
    assert.equal(requests('allowed', allowed.analysis.tier), 1);
    assert.equal(requests('denied', forbidden.analysis.tier), 1);
    assert.equal(sampleSum(m, 'expacti_requests_total', { decision: 'pending' }), 3);
    assert.equal(sampleSum(m, 'expacti_requests_total'), 5);
    assert.equal(
      sampleValue(m, 'expacti_decisions_total', { outcome: 'approved', tier: toApprove.analysis.tier }),
      1,
    );
    assert.equal(
      sampleValue(m, 'expacti_decisions_total', { outcome: 'denied', tier: toDeny.analysis.tier }),
      1,
    );
    assert.equal(sampleValue(m, 'expacti_decision_latency_seconds_count', { outcome: 'approved' }), 1);
    assert.equal(sampleValue(m, 'expacti_decision_latency_seconds_count', { outcome: 'denied' }), 1);
    const latency = sampleValue(m, 'expacti_decision_latency_seconds_sum', { outcome: 'approved' }) ?? -1;
    assert.ok(latency >= 0 && latency < 60, `approval latency ${latency} s`);
    assert.equal(
      sampleValue(m, 'expacti_decision_latency_seconds_bucket', { outcome: 'approved', le: '+Inf' }),
      1,
    );
    assert.equal(sampleValue(m, 'expacti_pending_requests'), 1);
    assert.equal(sampleValue(m, 'expacti_whitelist_hits_total'), 1);
  });

  it('measures the store, reports it and the change feed up, and counts failed checkpoint webhooks', async () => {
    const m = await eventually(async () => {
      const f = await families();
      return (sampleValue(f, 'expacti_audit_checkpoint_writes_total', {
        sink: 'webhook',
        result: 'failed',
      }) ?? 0) >= 1
        ? f
        : undefined;
    });
    assert.ok(
      (sampleValue(m, 'expacti_audit_checkpoint_writes_total', { sink: 'file', result: 'ok' }) ?? 0) >= 1,
    );
    assert.equal(
      sampleValue(m, 'expacti_audit_checkpoint_writes_total', { sink: 'webhook', result: 'ok' }),
      0,
    );
    assert.ok(
      (sampleValue(m, 'expacti_store_operation_seconds_count', { operation: 'insertRequest' }) ?? 0) >= 5,
    );
    assert.ok(
      (sampleValue(m, 'expacti_store_operation_seconds_sum', { operation: 'insertRequest' }) ?? 0) > 0,
    );
    assert.equal(sampleValue(m, 'expacti_store_operation_errors_total', { operation: 'insertRequest' }), 0);
    assert.equal(sampleValue(m, 'expacti_store_up'), 1);
    assert.equal(sampleValue(m, 'expacti_change_feed_up'), 1);
    assert.equal(sampleValue(m, 'expacti_change_feed_lag_seconds'), 0); // SQLite: in-process
    assert.ok((sampleValue(m, 'expacti_store_ping_seconds') ?? -1) >= 0);
    assert.equal(sampleValue(m, 'expacti_build_info', { store: 'sqlite' }), 1);
    assert.ok((sampleValue(m, 'expacti_http_errors_total', { code: 'unauthorized' }) ?? 0) >= 2);
    assert.ok((sampleValue(m, 'process_cpu_seconds_total') ?? -1) >= 0, 'Node process metrics');
  });

  it('has every metric the sample Grafana dashboard and docs/operations.md name', async () => {
    const names = new Set((await families()).flatMap((f) => f.samples.map((s) => s.name)));
    const read = (file: string) => readFileSync(new URL(`../docs/${file}`, import.meta.url), 'utf8');
    const dashboard = JSON.parse(read('grafana-dashboard.json')) as {
      panels: Array<{ targets?: Array<{ expr: string }> }>;
    };
    const queried = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    const documented = read('operations.md');
    for (const text of [queried, documented])
      for (const [name] of text.matchAll(/\b(?:expacti|process|nodejs)_[a-z0-9_]*[a-z0-9]/g))
        if (!name.endsWith('_') && !['process_', 'nodejs_'].includes(name))
          assert.ok(
            names.has(name) || names.has(`${name}_total`) || names.has(`${name}_count`),
            `${name} is exported`,
          );
  });

  it('gives every expacti family a type and help, counters ending in _total', async () => {
    const ours = (await families()).filter((f) => f.name.startsWith('expacti_'));
    assert.ok(ours.length >= 15, ours.map((f) => f.name).join(' '));
    for (const f of ours) {
      assert.ok(['counter', 'gauge', 'histogram'].includes(f.type), `${f.name} is ${f.type}`);
      assert.ok(f.help.length > 20, `${f.name} has help`);
      if (f.type === 'counter')
        assert.ok(
          f.samples.every((s) => s.name.endsWith('_total')),
          f.name,
        );
    }
  });
});
