/**
 * A load soak (issue 26 item 5), compressed: a busy org's half hour of traffic in two minutes
 * (EXPACTI_SOAK_SECONDS to change) against a real `expacti serve` on SQLite — whitelisted
 * submissions from several agents, requests approved, denied, claimed and reported, event streams
 * opened and dropped, dashboard reads — while the server's own /metrics is sampled. Goals: memory
 * flat (the heap's floor — lowest sample, after collections — in the last quarter within 20% of the
 * second quarter's, after warm-up) and no leaked
 * handles (active handles back to within a few of the idle count once the load stops).
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, tempDir, type ServerHandle } from '../test/support/expacti.js';
import { api } from '../test/support/api.js';
import { UNLIMITED } from './limits.js';
import type { BenchRow } from './stats.js';

const SECONDS = Number(process.env['EXPACTI_SOAK_SECONDS'] ?? 120);

interface Sample {
  at: number;
  heap: number;
  rss: number;
  handles: number;
}

async function sample(server: ServerHandle): Promise<Sample> {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${server.secrets.adminToken}` },
  });
  const text = await res.text();
  const read = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    at: Date.now(),
    heap: read('nodejs_heap_size_used_bytes'),
    rss: read('process_resident_memory_bytes'),
    handles: read('nodejs_active_handles_total'),
  };
}

function post(
  agent: http.Agent,
  server: ServerHandle,
  path: string,
  token: string,
  body: unknown,
): Promise<number> {
  const url = new URL(server.url);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export default async function soakBench(): Promise<BenchRow[]> {
  const data = tempDir();
  const server = await startServer({ dataDir: data.path, settings: UNLIMITED });
  const { adminToken, agentToken } = server.secrets;
  const samples: Sample[] = [];
  let failures = 0;
  const counts = { whitelisted: 0, decided: 0, streams: 0, reads: 0 };
  try {
    await api(server.url, 'POST', '/v1/whitelist', adminToken, { pattern: 'git status' });
    await api(server.url, 'PATCH', '/v1/org', adminToken, { maxPendingPerAgent: 10_000 });
    await sleep(1000);
    const idle = await sample(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const end = Date.now() + SECONDS * 1000;
    const until = async (work: () => Promise<void>) => {
      while (Date.now() < end) {
        try {
          await work();
        } catch {
          failures++;
        }
      }
    };
    const whitelisted = async () => {
      const status = await post(agent, server, '/v1/requests', agentToken, {
        command: { argv: ['git', 'status'] },
        cwd: '/tmp',
        session: `soak-${counts.whitelisted % 50}`,
      });
      if (status !== 201) failures++;
      counts.whitelisted++;
    };
    const decided = async () => {
      const n = counts.decided++;
      const submitted = await api(server.url, 'POST', '/v1/requests', agentToken, {
        command: { shell: `rm -rf /tmp/expacti-soak-${n}` },
        cwd: '/tmp',
        session: 'soak-review',
      });
      const id = (submitted.body['request'] as { id: string }).id;
      if (n % 2) {
        await api(server.url, 'POST', `/v1/requests/${id}/deny`, adminToken, { note: 'soak' });
        return;
      }
      await api(server.url, 'POST', `/v1/requests/${id}/approve`, adminToken, {});
      await api(server.url, 'POST', `/v1/requests/${id}/execute`, agentToken, {});
      await api(server.url, 'POST', `/v1/requests/${id}/result`, agentToken, { exitCode: 0, durationMs: 1 });
    };
    const streams = async () => {
      const stop = new AbortController();
      const res = await fetch(`${server.url}/v1/events`, {
        headers: { authorization: `Bearer ${adminToken}` },
        signal: stop.signal,
      });
      await sleep(150);
      stop.abort();
      await res.body?.cancel().catch(() => undefined);
      counts.streams++;
    };
    const reads = async () => {
      await api(server.url, 'GET', '/v1/requests?limit=50', adminToken);
      await api(server.url, 'GET', '/v1/insights', adminToken);
      counts.reads++;
    };
    const sampler = (async () => {
      while (Date.now() < end) {
        await sleep(2000);
        samples.push(await sample(server));
      }
    })();
    await Promise.all([
      ...Array.from({ length: 6 }, () => until(whitelisted)),
      until(decided),
      until(streams),
      until(reads),
      sampler,
    ]);
    agent.destroy();
    await sleep(3000);
    const settled = await sample(server);
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    // The heap saws up and down between collections: its floor (the lowest sample) is what stays.
    const second = Math.min(...samples.slice(quarter, 2 * quarter).map((s) => s.heap));
    const last = Math.min(...samples.slice(-quarter).map((s) => s.heap));
    const growth = last / second;
    const leaked = settled.handles - idle.handles;
    const total = counts.whitelisted + counts.decided;
    return [
      {
        name: `load soak, ${SECONDS} s compressed (${total.toLocaleString('en')} submissions: ${counts.whitelisted.toLocaleString('en')} whitelisted, ${counts.decided.toLocaleString('en')} reviewed; ${counts.streams} event streams opened and dropped; ${counts.reads} dashboard reads)`,
        result: `heap floor last/second quarter ${growth.toFixed(2)} (${(second / 2 ** 20).toFixed(0)} → ${(last / 2 ** 20).toFixed(0)} MiB; RSS ${(idle.rss / 2 ** 20).toFixed(0)} → ${(settled.rss / 2 ** 20).toFixed(0)} MiB); active handles idle ${idle.handles}, after ${settled.handles}; ${failures} failed calls`,
        goal: 'heap ratio ≤ 1.20; handles after ≤ idle + 5; no failed calls',
        met: growth <= 1.2 && leaked <= 5 && failures === 0,
      },
    ];
  } finally {
    await server.stop();
    data.remove();
  }
}
