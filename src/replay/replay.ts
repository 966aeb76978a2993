/**
 * "What would this policy have asked me?" (docs/policies.md): replays sessions of agent commands
 * through a real expacti server — the same gate, analysis, whitelist and auto-allow policy, on a
 * fresh embedded store in a temporary directory on loopback — with an agent that submits each
 * command and reports the runtime facts the server asks for, and a reviewer who approves every
 * prompt and accepts the product's own top whitelist suggestion (for a command below high; a
 * high or critical command is approved once, never whitelisted, as docs/whitelist.md advises).
 *
 * Nothing runs: the commands are analysed and decided, not executed. Runtime facts are collected
 * in the session's directory when it exists on this machine, otherwise in an empty one — so
 * facts are those of a world that does not change between commands.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExpactiClient } from '../client/client.js';
import { ExpactiError } from '../client/errors.js';
import type { RequestView, SubmitResponse } from '../protocol/api.js';
import type { Tier } from '../protocol/tiers.js';
import { resolveServerConfig } from '../server/config.js';
import { createLog } from '../server/log.js';
import { startServer } from '../server/start.js';
import { DEFAULT_CWD, type ReplaySession } from './sessions.js';

export type ReplayMode = 'default' | 'project';

/** How a command that did not prompt was let through (or refused). */
export type PassKind =
  | 'auto-allow read-only'
  | 'auto-allow project'
  | 'whitelist typed pattern'
  | 'whitelist pattern'
  | 'whitelist exact'
  | 'denied by entry';

export interface ReplayedCommand {
  session: string;
  /** Position in the whole replay, from 1 (the org's whitelist grows along it). */
  position: number;
  command: string;
  tier: Tier;
  /** Null: a reviewer was asked. */
  passed: PassKind | null;
  /** For a prompt: the entry the reviewer accepted (null: approved once). */
  accepted?: string | null;
}

export interface ReplayReport {
  mode: ReplayMode;
  sessions: number;
  commands: number;
  prompts: number;
  promptsPer100: number;
  /** Prompts per 100 commands at positions 1–50, 51–200 and 201+ of the replay. */
  byPosition: Array<{
    from: number;
    to: number | null;
    commands: number;
    prompts: number;
    promptsPer100: number;
  }>;
  passed: Record<PassKind, number>;
  /** Commands let through without a reviewer that the analysis judges high or critical (must be none). */
  autoAllowedHighOrCritical: ReplayedCommand[];
  /** The whitelist entries the reviewer accepted, with how many later commands each let through. */
  entries: Entry[];
  /** Every command, in order. */
  replayed: ReplayedCommand[];
}

export interface ReplayOptions {
  mode: ReplayMode;
  /** Called after each command (progress). */
  onCommand?: (done: number, total: number) => void;
}

const BUCKETS: Array<[number, number | null]> = [
  [1, 50],
  [51, 200],
  [201, null],
];

const per100 = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);

export async function replaySessions(
  sessions: readonly ReplaySession[],
  options: ReplayOptions,
): Promise<ReplayReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'expacti-replay-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'expacti-replay-cwd-'));
  const config = resolveServerConfig(
    { host: '127.0.0.1', port: '0', data: dataDir, logLevel: 'error', logFormat: 'json' },
    {},
  );
  const server = await startServer(config, createLog({ format: 'json', level: 'error' }));
  const clients: ExpactiClient[] = [];
  try {
    const secrets = server.bootstrap;
    if (!secrets) throw new Error('the replay server did not bootstrap an org');
    const agent = await ExpactiClient.create({ url: server.url, token: secrets.agentToken });
    const reviewer = await ExpactiClient.create({ url: server.url, token: secrets.adminToken });
    clients.push(agent, reviewer);
    await reviewer.call('PATCH', '/org', {
      autoAllowReadOnly: true,
      projectMode: options.mode === 'project',
      // Long enough that nothing expires while a replay runs.
      approvalTimeoutSeconds: 3600,
    });
    return await run(sessions, options, { agent, reviewer, emptyDir });
  } finally {
    for (const c of clients) c.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

interface Parties {
  agent: ExpactiClient;
  reviewer: ExpactiClient;
  emptyDir: string;
}

async function run(
  sessions: readonly ReplaySession[],
  options: ReplayOptions,
  parties: Parties,
): Promise<ReplayReport> {
  const total = sessions.reduce((n, s) => n + s.cmds.length, 0);
  const replayed: ReplayedCommand[] = [];
  const entries = new Map<string, Entry>();
  let position = 0;
  for (const s of sessions) {
    const cwd = s.cwd ?? DEFAULT_CWD;
    const probeDir = existsSync(cwd) ? cwd : parties.emptyDir;
    for (const command of s.cmds) {
      position++;
      const r = await replayOne(parties, { session: s.session, cwd, probeDir, command, position }, entries);
      replayed.push(r);
      options.onCommand?.(position, total);
    }
  }
  const prompts = replayed.filter((r) => r.passed === null).length;
  const passed = {
    'auto-allow read-only': 0,
    'auto-allow project': 0,
    'whitelist typed pattern': 0,
    'whitelist pattern': 0,
    'whitelist exact': 0,
    'denied by entry': 0,
  } satisfies Record<PassKind, number>;
  for (const r of replayed) if (r.passed) passed[r.passed]++;
  return {
    mode: options.mode,
    sessions: sessions.length,
    commands: total,
    prompts,
    promptsPer100: per100(prompts, total),
    byPosition: BUCKETS.map(([from, to]) => {
      const inside = replayed.filter((r) => r.position >= from && (to === null || r.position <= to));
      const p = inside.filter((r) => r.passed === null).length;
      return { from, to, commands: inside.length, prompts: p, promptsPer100: per100(p, inside.length) };
    }),
    passed,
    autoAllowedHighOrCritical: replayed.filter(
      (r) =>
        r.passed !== null && r.passed !== 'denied by entry' && (r.tier === 'high' || r.tier === 'critical'),
    ),
    entries: [...entries.values()].sort((a, b) => b.hits - a.hits),
    replayed,
  };
}

interface Entry {
  pattern: string;
  exact: boolean;
  typed: boolean;
  hits: number;
}

interface Step {
  session: string;
  cwd: string;
  probeDir: string;
  command: string;
  position: number;
}

async function replayOne(
  { agent, reviewer }: Parties,
  step: Step,
  entries: Map<string, Entry>,
): Promise<ReplayedCommand> {
  const base = { session: step.session, position: step.position, command: step.command };
  const submitted = await agent.submit({
    command: { shell: step.command },
    cwd: step.cwd,
    session: step.session,
    host: 'replay',
  });
  let request = submitted.request;
  if (!submitted.exec && request.status === 'pending' && submitted.probes?.length)
    request = await reportFacts(agent, submitted, step.probeDir);
  const tier = request.analysis.tier;
  if (request.status !== 'pending') {
    const passed = await passKind(reviewer, request, entries);
    return { ...base, tier, passed };
  }
  const accepted = await approve(reviewer, request);
  return { ...base, tier, passed: null, accepted };
}

/** The agent side's facts, as `expacti run` collects them (bounded; an error leaves it pending). */
async function reportFacts(
  agent: ExpactiClient,
  submitted: SubmitResponse,
  cwd: string,
): Promise<RequestView> {
  try {
    const { collectProbes } = await import('../agent/probes/collect.js');
    const collected = await collectProbes(submitted.probes ?? [], { cwd, env: {}, budgetMs: 150 });
    return await agent.attachContext(submitted.request.id, collected);
  } catch {
    return submitted.request;
  }
}

async function passKind(
  reviewer: ExpactiClient,
  request: RequestView,
  entries: Map<string, Entry>,
): Promise<PassKind> {
  if (request.status === 'denied') return 'denied by entry';
  const by = request.decision?.by;
  if (by?.kind === 'policy' && by.rule.startsWith('auto-allow'))
    return by.rule.endsWith('project') ? 'auto-allow project' : 'auto-allow read-only';
  if (by?.kind !== 'whitelist')
    throw new Error(`unexpected decision for ${request.id}: ${JSON.stringify(by)}`);
  let entry = entries.get(by.entryId);
  if (!entry) {
    for (const e of await reviewer.listWhitelist())
      if (!entries.has(e.id))
        entries.set(e.id, { pattern: e.pattern, exact: e.exact, typed: isTyped(e.pattern), hits: 0 });
    entry = entries.get(by.entryId);
  }
  if (!entry) throw new Error(`request ${request.id} was allowed by an entry the replay did not make`);
  entry.hits++;
  return entry.exact ? 'whitelist exact' : entry.typed ? 'whitelist typed pattern' : 'whitelist pattern';
}

const seen = (r: RequestView) => (r.fingerprint ? { seen: r.fingerprint } : {});

const isTyped = (pattern: string) => /<(path|range|int|branch|test|package)>/.test(pattern);

/**
 * The reviewer: approves, whitelisting the top suggestion for a command below high (the exact
 * command when the suggestion is refused, e.g. as covering a past denial), once for high and above.
 */
async function approve(reviewer: ExpactiClient, request: RequestView): Promise<string | null> {
  const high = request.analysis.tier === 'high' || request.analysis.tier === 'critical';
  const top = request.analysis.suggestions[0];
  const tries = high || top === undefined ? [] : [top, request.analysis.canonical].filter((p) => p !== null);
  for (const pattern of [...new Set(tries)]) {
    try {
      await reviewer.approve(request.id, { whitelist: { pattern }, ...seen(request) });
      return pattern;
    } catch (error) {
      if (!(error instanceof ExpactiError) || error.code !== 'rejected') throw error;
    }
  }
  await reviewer.approve(request.id, seen(request));
  return null;
}
