/**
 * The approval gate's costs, against a real `expacti serve` subprocess on SQLite:
 * - `expacti run -- true` (whitelisted), whole process, as a ratio to `node -e 0` in the same run;
 * - decision latency of whitelisted submissions at a steady 1,000 requests/s (client-measured p99);
 * - whitelisted decisions per second, each with its audit record committed;
 * - time from a reviewer's approve to the agent's command starting.
 */
import http from 'node:http';
import { UNLIMITED } from './limits.js';
import { spawn, spawnSync } from 'node:child_process';
import { percentile, median, type BenchRow } from './stats.js';
import { postSubmission } from './httpLoad.js';
import { BIN, startServer, tempDir, type ServerHandle } from '../test/support/expacti.js';

function timeProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

async function whitelist(server: ServerHandle, pattern: string): Promise<void> {
  const res = await fetch(`${server.url}/v1/whitelist`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ pattern }),
  });
  if (res.status !== 201) throw new Error(`whitelist add failed: ${res.status} ${await res.text()}`);
}

async function steadyRate(server: ServerHandle, rate: number, seconds: number): Promise<number[]> {
  const url = new URL(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const body = JSON.stringify({ command: { argv: ['git', 'status'] }, cwd: '/tmp', session: 'bench' });
  const latencies: number[] = [];
  const total = rate * seconds;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      postSubmission(agent, url, server.secrets.agentToken, body).then((ms) => void latencies.push(ms)),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return latencies;
}

async function throughput(server: ServerHandle, concurrency: number, seconds: number): Promise<number> {
  const url = new URL(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ command: { argv: ['git', 'status'] }, cwd: '/tmp', session: 'bench' });
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await postSubmission(agent, url, server.secrets.agentToken, body);
        done++;
      }
    }),
  );
  agent.destroy();
  return done / seconds;
}

async function approveToStart(server: ServerHandle, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const proc = spawn(process.execPath, [BIN, 'run', '--', 'date', '+%s%N'], {
      env: { ...process.env, EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const id = await new Promise<string>((resolve) => {
      const check = () => {
        const m = /request ([0-9a-f-]{36})/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
        else setTimeout(check, 5);
      };
      check();
    });
    await new Promise((r) => setTimeout(r, 100)); // let the agent's event stream settle
    const exited = new Promise((r) => proc.once('exit', r));
    const approvedAt = Date.now();
    await fetch(`${server.url}/v1/requests/${id}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await exited;
    const started = Number(BigInt(stdout.trim()) / 1_000_000n);
    out.push(started - approvedAt);
  }
  return out;
}

export default async function gateBench(): Promise<BenchRow[]> {
  const data = tempDir();
  const server = await startServer({ dataDir: data.path, settings: UNLIMITED });
  try {
    await whitelist(server, 'true');
    await whitelist(server, 'git status');
    const env = { ...process.env, EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.agentToken };
    timeProcess(process.execPath, [BIN, 'run', '--', 'true'], env, 3);
    const node: number[] = [];
    const run: number[] = [];
    for (let i = 0; i < 15; i++) {
      node.push(...timeProcess(process.execPath, ['-e', '0'], env, 2));
      run.push(...timeProcess(process.execPath, [BIN, 'run', '--', 'true'], env, 2));
    }
    const ratio = median(run) / median(node);

    await steadyRate(server, 1000, 1); // warm-up
    const lat = await steadyRate(server, 1000, 5);
    const p99 = percentile(lat, 99);
    const rps = await throughput(server, 32, 5);
    const a2s = await approveToStart(server, 15);
    return [
      {
        name: '`expacti run -- true` (whitelisted), whole process vs `node -e 0`',
        result: `ratio ${ratio.toFixed(2)} (median ${median(run).toFixed(1)} ms vs ${median(node).toFixed(1)} ms)`,
        goal: '≤ 1.25',
        met: ratio <= 1.25,
      },
      {
        name: 'whitelisted decision latency at a steady 1,000 req/s (client-measured, loopback)',
        result: `p99 ${p99.toFixed(2)} ms (median ${median(lat).toFixed(2)} ms, ${lat.length} requests)`,
        goal: 'p99 ≤ 1 ms',
        met: p99 <= 1,
      },
      {
        name: 'whitelisted decisions/s, audit record committed (32 concurrent keep-alive clients, same machine)',
        result: `${Math.round(rps)}/s`,
        goal: '≥ 5,000/s',
        met: rps >= 5000,
      },
      {
        name: "reviewer's approve → agent's command starts",
        result: `median ${median(a2s).toFixed(1)} ms (p90 ${percentile(a2s, 90).toFixed(1)} ms, ${a2s.length} runs)`,
        goal: '≤ 50 ms',
        met: median(a2s) <= 50,
      },
    ];
  } finally {
    await server.stop();
    data.remove();
  }
}
