/**
 * Runs the probes the server asked for, all at once, within a total time budget and each within
 * its own limit. Every probe answers: a fact, or "unknown: why" (failed, timed out, not supported).
 * Never throws; never writes.
 */
import { homedir } from 'node:os';
import type { AttachContextBody, ProbeRequest, ProbeResult } from '../../protocol/context.js';
import { DEFAULT_PROBE_BUDGET_MS, PROBE_TIMEOUT_MS, type ProbeEnv } from './types.js';
import { probeFs } from './fs.js';
import { probeGit } from './git.js';
import { probeSql } from './postgres.js';
import { probeSqlite } from './sqlite.js';
import { probeKube } from './kube.js';
import { probeAws, probeTerraform } from './cloud.js';
import { redact } from './redact.js';
import { probeScript } from './script.js';
import { probeLockfile } from './lockfile.js';

export interface CollectOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  budgetMs?: number;
  home?: string;
}

function run(p: ProbeRequest, env: ProbeEnv, deadline: number, signal: AbortSignal): Promise<unknown> {
  switch (p.kind) {
    case 'fs':
      return probeFs(p, env, deadline);
    case 'git':
      return probeGit(p, env, deadline, signal);
    case 'sql':
      return 'engine' in p.target ? probeSqlite(p, p.target, env) : probeSql(p, env, deadline, signal);
    case 'kube':
      return probeKube(p, env);
    case 'aws':
      return probeAws(p, env);
    case 'terraform':
      return probeTerraform(p, env);
    case 'script':
      return probeScript(p, env);
    case 'lockfile':
      return probeLockfile(p, env);
  }
}

function valid(p: unknown): p is ProbeRequest {
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof (p as ProbeRequest).id === 'string' &&
    (p as ProbeRequest).kind in PROBE_TIMEOUT_MS
  );
}

export async function collectProbes(
  probes: readonly unknown[],
  options: CollectOptions,
): Promise<AttachContextBody> {
  const started = Date.now();
  const budgetMs = options.budgetMs ?? DEFAULT_PROBE_BUDGET_MS;
  const end = started + budgetMs;
  const env: ProbeEnv = {
    cwd: options.cwd,
    env: options.env,
    home: options.home ?? options.env['HOME'] ?? homedir(),
  };
  const results = await Promise.all(
    probes.filter(valid).map(async (p): Promise<ProbeResult> => {
      // Per-probe limits are for the default budget; a larger budget scales them up.
      const limit = Math.min(
        budgetMs,
        Math.round(
          (PROBE_TIMEOUT_MS[p.kind] * Math.max(budgetMs, DEFAULT_PROBE_BUDGET_MS)) / DEFAULT_PROBE_BUDGET_MS,
        ),
      );
      const deadline = Math.min(end, Date.now() + limit);
      const stop = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((ok) => {
        timer = setTimeout(() => ok('timeout'), Math.max(0, deadline - Date.now()));
      });
      try {
        const value = await Promise.race([run(p, env, deadline, stop.signal), timedOut]);
        if (value === 'timeout') {
          stop.abort();
          return {
            id: p.id,
            kind: p.kind,
            fact: { known: false, why: `timed out after ${limit} ms` },
          } as ProbeResult;
        }
        return { id: p.id, kind: p.kind, fact: { known: true, value } } as ProbeResult;
      } catch (e) {
        stop.abort();
        const message = e instanceof Error ? e.message : String(e);
        return {
          id: p.id,
          kind: p.kind,
          fact: { known: false, why: redact(message, []).slice(0, 900) },
        } as ProbeResult;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { probes: results, elapsedMs: Date.now() - started, budgetMs };
}
