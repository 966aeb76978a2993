/**
 * The approval gate's costs, against a real `expacti serve` subprocess on SQLite:
 * - `expacti run -- true`, `expacti sh -c true` and `expacti hook claude` (whitelisted), whole
 *   process, each as a ratio to `node -e 0` in the same run, alternating; the same for the native
 *   fast path (native/fast: `expacti-fast run -- true`, `expacti-sh -c true`), whose goal is ≤ 5 ms,
 *   beside starting `true` and `bash -c true` alone (the floor: the command without a gate). Timed
 *   by a small C harness (bench/processTimer.c, posix_spawn), whose own cost is a process start:
 *   Node's spawnSync added ~5 ms to every sample, more than the native client costs;
 * - decision latency of whitelisted submissions at a steady 1,000 requests/s (p99), from a small C
 *   generator beside the server (bench/steadyLoad.c: open loop, each request timed from when it was
 *   due), so that the bench process's own GC and timers are not in the figure; the in-process Node
 *   client's figure is given beside it;
 * - whitelisted decisions per second, each with its audit record committed, from `wrk` beside the
 *   server (with the same server's /v1/health rate) and from an in-process Node client;
 * - time from a reviewer's approve to the agent's command starting.
 */
import http from 'node:http';
import { UNLIMITED } from './limits.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { percentile, median, type BenchRow } from './stats.js';
import { postSubmission } from './httpLoad.js';
import { BIN, startServer, tempDir, type ServerHandle } from '../test/support/expacti.js';
import { FAST, FAST_SH } from '../test/support/nativeFast.js';

function timeProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  runs: number,
  input?: string,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: ['pipe', 'ignore', 'ignore'], input: input ?? '' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/** Builds bench/<name>.c into `dir`; null without a C compiler (a Node fallback is used). */
function buildC(dir: string, name: string): string | null {
  const out = join(dir, name);
  const src = join(import.meta.dirname, `${name}.c`);
  const built = spawnSync(process.env['CC'] || 'cc', ['-O2', '-o', out, src], { stdio: 'ignore' });
  return built.status === 0 ? out : null;
}

/**
 * Whitelisted submissions at a fixed rate from bench/steadyLoad.c (16 keep-alive connections):
 * latency percentiles in ms, each request timed from when it was due.
 */
function steadyRateC(
  generator: string,
  server: ServerHandle,
  rate: number,
  seconds: number,
): { p50: number; p99: number; p999: number; max: number; sent: number } {
  const url = new URL(server.url);
  const body = JSON.stringify({ command: { argv: ['git', 'status'] }, cwd: '/tmp', session: 'bench' });
  const args = [url.hostname, url.port, '/v1/requests', server.secrets.agentToken, body];
  const r = spawnSync(generator, [...args, String(rate), String(seconds), '16'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`steady-load failed: ${r.stdout}${r.stderr}`);
  // Its one line of figures: "sent N errors E p50 … p90 … p99 … p999 … max … late L".
  const figure = (name: string) => Number(new RegExp(`${name} ([\\d.]+)`).exec(r.stdout)?.[1] ?? NaN);
  return {
    p50: figure('p50'),
    p99: figure('p99'),
    p999: figure('p999'),
    max: figure('max'),
    sent: figure('sent'),
  };
}

/**
 * Times each program `rounds` times, alternating, with the C harness (or, without one, Node's
 * spawnSync, whose own cost is then in every figure). Returns the times per program, in order.
 */
function timeAlternating(
  timer: string | null,
  programs: Array<{ cmd: string; args: string[]; stdin?: string }>,
  env: NodeJS.ProcessEnv,
  rounds: number,
  inputDir: string,
): number[][] {
  if (!timer) {
    const out = programs.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++)
      programs.forEach((p, k) => out[k]?.push(...timeProcess(p.cmd, p.args, env, 1, p.stdin)));
    return out;
  }
  const args: string[] = [String(rounds)];
  programs.forEach((p, k) => {
    if (k > 0) args.push(';');
    if (p.stdin !== undefined) {
      const file = join(inputDir, `stdin-${k}`);
      writeFileSync(file, p.stdin);
      args.push('--stdin', file);
    }
    args.push(p.cmd, ...p.args);
  });
  const r = spawnSync(timer, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`process timer failed: ${r.stderr}`);
  // The harness's own output: one line of numbers per program (not command text).
  const lines = r.stdout.trim().split('\n');
  return lines.map((line) => line.match(/[\d.]+/g)?.map(Number) ?? []);
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

/** Requests/s from Debian's `wrk` beside the server (one thread, 32 connections), or null without it. */
function wrkRate(url: string, seconds: number, post?: { body: string; token: string }): number | null {
  if (spawnSync('wrk', ['--version']).error) return null;
  const dir = tempDir();
  const args = ['-t1', '-c32', `-d${seconds}s`];
  if (post) {
    const script = `${dir.path}/post.lua`;
    writeFileSync(
      script,
      `wrk.method = "POST"\nwrk.body = '${post.body}'\nwrk.headers["content-type"] = "application/json"\nwrk.headers["authorization"] = "Bearer ${post.token}"\n`,
    );
    args.push('-s', script);
  }
  const out = spawnSync('wrk', [...args, url], { encoding: 'utf8' }).stdout;
  dir.remove();
  if (/Non-2xx/.test(out)) throw new Error(`wrk saw errors:\n${out}`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
}

const CLAUDE_CALL = JSON.stringify({
  session_id: 'bench',
  transcript_path: '/tmp/t.jsonl',
  cwd: '/tmp',
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'true' },
});

const NATIVE_HOOK = 'native `expacti-fast hook claude` (Bash `true`)';

/**
 * The rewritten command of the native hook's answer, as a program and its arguments: `<self>
 * exec-confined --request ID --plan PLAN -c true`, where self is this installation's native
 * program where it is built (one word), else its Node and CLI (the bench's own call: no quoting).
 */
function rewrittenCommand(stdout: string): { cmd: string; args: string[]; native: boolean } {
  const answer = JSON.parse(stdout) as { hookSpecificOutput: { updatedInput?: { command?: string } } };
  const command = answer.hookSpecificOutput.updatedInput?.command ?? '';
  const m = /^(\S+)(?: (\S+))? exec-confined --request (\S+) --plan (\S+) -c true$/.exec(command);
  if (!m) throw new Error(`unexpected rewritten command: ${command}`);
  const tail = ['exec-confined', '--request', m[3] as string, '--plan', m[4] as string, '-c', 'true'];
  return m[2]
    ? { cmd: m[1] as string, args: [m[2], ...tail], native: false }
    : { cmd: m[1] as string, args: tail, native: true };
}

export default async function gateBench(): Promise<BenchRow[]> {
  const data = tempDir();
  const server = await startServer({ dataDir: data.path, settings: UNLIMITED });
  try {
    await whitelist(server, 'true');
    await whitelist(server, 'git status');
    // Unconfined, as the goal states; bench/confine.bench.ts measures what confinement adds.
    const env = {
      ...process.env,
      EXPACTI_URL: server.url,
      EXPACTI_TOKEN: server.secrets.agentToken,
      EXPACTI_CONFINE: 'off',
      // Its own spool: a report waiting in the user's would send the native path to Node.
      XDG_STATE_HOME: `${data.path}/state`,
    };
    const runs = {
      '`expacti run -- true`': [BIN, 'run', '--', 'true'],
      '`expacti sh -c true`': [BIN, 'sh', '-c', 'true'],
      '`expacti hook claude` (Bash `true`)': [BIN, 'hook', 'claude'],
    };
    const built = existsSync(FAST) && existsSync(FAST_SH);
    const native: Record<string, [string, string[]]> = built
      ? {
          'native `expacti-fast run -- true`': [FAST, ['run', '--', 'true']],
          'native `expacti-sh -c true`': [FAST_SH, ['-c', 'true']],
          [NATIVE_HOOK]: [FAST, ['hook', 'claude']],
        }
      : {};
    const stdinOf = (name: string) => (name === NATIVE_HOOK ? CLAUDE_CALL : undefined);
    let rewritten: ReturnType<typeof rewrittenCommand> | null = null;
    for (const [name, [program, args]] of Object.entries(native)) {
      const r = spawnSync(program, args, {
        env: { ...env, EXPACTI_FAST_DEBUG: '1' },
        encoding: 'utf8',
        input: stdinOf(name) ?? '',
      });
      if (r.status !== 0 || /handing over/.test(r.stderr))
        throw new Error(`the native path did not run it itself: ${r.stderr}`);
      if (name === NATIVE_HOOK) rewritten = rewrittenCommand(r.stdout);
    }
    for (const args of Object.values(runs)) timeProcess(process.execPath, args, env, 3, CLAUDE_CALL);
    const timer = buildC(data.path, 'processTimer');
    const harness = timer
      ? 'C harness (posix_spawn)'
      : "Node's spawnSync (no C compiler: its own cost is in every figure)";
    // Alternating, so that a slow moment of the machine falls on all of them alike: the Node paths
    // with `node -e 0` (20 rounds), then the native programs with their floors (200 rounds: they
    // are quick, and a single slow moment moves a short run's median more).
    const names = Object.keys(runs);
    const nativeNames = Object.keys(native);
    const together = timeAlternating(
      timer,
      [
        { cmd: process.execPath, args: ['-e', '0'] },
        ...Object.values(runs).map((args) => ({ cmd: process.execPath, args, stdin: CLAUDE_CALL })),
        // What Claude Code then runs: the hook's rewritten command, when it starts Node.
        ...(rewritten && !rewritten.native ? [rewritten] : []),
      ],
      env,
      20,
      data.path,
    );
    const node = together[0] ?? [];
    const times = new Map(names.map((k, i) => [k, together[1 + i] ?? []]));
    const slowRewrite = rewritten && !rewritten.native ? (together[1 + names.length] ?? []) : [];
    const quick = built
      ? timeAlternating(
          timer,
          [
            { cmd: 'true', args: [] },
            { cmd: '/bin/bash', args: ['-c', 'true'] },
            ...Object.entries(native).map(([name, [cmd, args]]) => ({ cmd, args, stdin: stdinOf(name) })),
            // What Claude Code then runs: the hook's rewritten command, when it is the native program.
            ...(rewritten?.native ? [rewritten] : []),
          ],
          env,
          200,
          data.path,
        )
      : [];
    const floors = { run: quick[0] ?? [], sh: quick[1] ?? [] };
    nativeNames.forEach((k, i) => times.set(k, quick[2 + i] ?? []));
    const execConfined = rewritten?.native ? (quick[2 + nativeNames.length] ?? []) : slowRewrite;

    const generator = buildC(data.path, 'steadyLoad');
    await steadyRate(server, 1000, 1); // warm-up
    const lat = await steadyRate(server, 1000, 5);
    const steady = generator ? steadyRateC(generator, server, 1000, 5) : null;
    const nodeP99 = percentile(lat, 99);
    const p99 = steady ? steady.p99 : nodeP99;
    const load = loadavg()[0]?.toFixed(1);
    const rps = await throughput(server, 32, 5);
    const body = JSON.stringify({ command: { argv: ['git', 'status'] }, cwd: '/tmp', session: 'bench' });
    const wrkDecisions = wrkRate(`${server.url}/v1/requests`, 5, { body, token: server.secrets.agentToken });
    const wrkHealth = wrkRate(`${server.url}/v1/health`, 5);
    const a2s = await approveToStart(server, 15);
    const share = wrkDecisions !== null && wrkHealth !== null ? wrkDecisions / wrkHealth : NaN;
    const nativeRows: BenchRow[] = built
      ? nativeNames.map((name) => {
          if (name === NATIVE_HOOK) {
            // Its goal is the hook's (≤ 1.15× `node -e 0`); the native path's ≤ 5 ms is its own row.
            const t = times.get(name) ?? [];
            const ratio = median(t) / median(node);
            return {
              name: `${name} (whitelisted: answered by the C program), whole process vs \`node -e 0\`, alternating runs`,
              result:
                `ratio ${ratio.toFixed(3)}: median ${median(t).toFixed(2)} ms (p90 ${percentile(t, 90).toFixed(2)} ms, ${t.length} runs) ` +
                `vs ${median(node).toFixed(1)} ms; \`true\` alone ${median(floors.run).toFixed(2)} ms; ${harness}`,
              goal: '≤ 1.15',
              met: ratio <= 1.15,
            };
          }
          const t = times.get(name) ?? [];
          const floor = name.includes('expacti-sh') ? floors.sh : floors.run;
          const floorName = name.includes('expacti-sh') ? '`bash -c true`' : '`true`';
          return {
            name: `${name} (whitelisted, unconfined), whole process, alternating runs`,
            result:
              `median ${median(t).toFixed(2)} ms (p90 ${percentile(t, 90).toFixed(2)} ms, ${t.length} runs); ` +
              `${floorName} alone ${median(floor).toFixed(2)} ms, so the gate adds ${(median(t) - median(floor)).toFixed(2)} ms; ` +
              `ratio ${(median(t) / median(node)).toFixed(3)} to \`node -e 0\` (${median(node).toFixed(1)} ms); ${harness}`,
            goal: '≤ 5 ms',
            met: median(t) <= 5,
          };
        })
      : [
          {
            name: 'native fast path (native/fast)',
            result: 'not built (no C compiler at install?): node scripts/build-native.mjs',
            goal: '≤ 5 ms',
            met: false,
          },
        ];
    const hookTimes = times.get(NATIVE_HOOK) ?? [];
    const hookRows: BenchRow[] = built
      ? [
          {
            name: `${NATIVE_HOOK}, whole process (the native path's own goal)`,
            result: `median ${median(hookTimes).toFixed(2)} ms; \`true\` alone ${median(floors.run).toFixed(2)} ms`,
            goal: '≤ 5 ms',
            met: median(hookTimes) <= 5,
          },
          {
            name: "the native hook's rewritten command, which Claude Code then runs (`exec-confined … -c true`), whole process",
            result: execConfined.length
              ? `median ${median(execConfined).toFixed(2)} ms, ratio ${(median(execConfined) / median(node)).toFixed(3)} to \`node -e 0\`; ` +
                (rewritten?.native
                  ? `the native program (no Node start); \`true\` alone ${median(floors.run).toFixed(2)} ms; a whitelisted Claude call in all (hook + rewrite) ${(median(hookTimes) + median(execConfined)).toFixed(2)} ms`
                  : 'Node (the native program is not built)')
              : 'not timed',
            goal: '≤ 5 ms',
            met: execConfined.length > 0 && median(execConfined) <= 5,
          },
        ]
      : [];
    return [
      ...nativeRows,
      ...hookRows,
      ...[...times]
        .filter(([name]) => !(name in native))
        .map(([name, t]) => {
          const ratio = median(t) / median(node);
          return {
            name: `${name} (whitelisted, unconfined), whole process vs \`node -e 0\`, alternating runs`,
            result: `ratio ${ratio.toFixed(2)} (median ${median(t).toFixed(1)} ms vs ${median(node).toFixed(1)} ms; ${harness})`,
            goal: '≤ 1.15',
            met: ratio <= 1.15,
          };
        }),
      {
        name: 'whitelisted decision latency at a steady 1,000 req/s (loopback, C generator beside the server, timed from when each request was due)',
        result: steady
          ? `p99 ${steady.p99.toFixed(2)} ms (median ${steady.p50.toFixed(2)}, p99.9 ${steady.p999.toFixed(2)}, max ${steady.max.toFixed(1)} ms, ${steady.sent} requests; load ${load})`
          : `p99 ${p99.toFixed(2)} ms from the in-process Node client (no C compiler for bench/steadyLoad.c)`,
        goal: 'p99 ≤ 2 ms',
        met: p99 <= 2,
        note: `in-process Node client in the same minute: p99 ${nodeP99.toFixed(2)} ms (median ${median(lat).toFixed(2)} ms)`,
      },
      {
        name: 'whitelisted decisions/s, audit record committed, `wrk` (1 thread, 32 connections) beside the server',
        result:
          wrkDecisions === null
            ? 'wrk not installed (apt-get install wrk)'
            : `${Math.round(wrkDecisions)}/s; the same server's GET /v1/health: ${Math.round(wrkHealth ?? 0)}/s (share ${(share * 100).toFixed(0)}%)`,
        goal: '≥ 10,000/s and ≥ 25% of /v1/health',
        met: wrkDecisions !== null && wrkDecisions >= 10_000 && share >= 0.25,
      },
      {
        name: 'whitelisted decisions/s, in-process Node client (32 concurrent keep-alive requests, same machine)',
        result: `${Math.round(rps)}/s`,
        goal: '≥ 10,000/s',
        met: rps >= 10_000,
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
