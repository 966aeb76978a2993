/**
 * The probe plan: from an analysis, the runtime facts worth collecting for a reviewer. Pure and
 * deterministic, so the server can recompute it when the results come back and never has to trust
 * the agent about what was asked.
 */
import type { Analysis, SimpleCommand } from '../analyzer/types.js';
import type { ProbeKind, ProbeRequest, SqlProbe } from '../../protocol/context.js';
import { destructiveTargets } from './fsTargets.js';
import { scriptTarget } from './scripts.js';
import { packageOperands, type Ecosystem } from './packages.js';
import {
  awsTarget,
  gitPushSpec,
  gitSubcommand,
  kubeTarget,
  psqlTarget,
  sqliteTarget,
  terraformDir,
} from './toolTargets.js';

export interface PlanOptions {
  protectedBranches: readonly string[];
  /** Only these kinds (a context-bound entry's check needs few). */
  kinds?: readonly ProbeKind[];
  /** Count files below deleted paths (skipped for a context-bound entry's check). */
  walk?: boolean;
  /**
   * The packages `<package>` whitelist slots stand for (core/whitelist/packageSlots.ts): looked
   * up in the lockfile whatever `kinds` says. Without it, the packages a command installs are
   * looked up for the reviewer's view.
   */
  packages?: ReadonlyArray<{ ecosystem: Ecosystem; names: readonly string[] }>;
}

/** At most this many probes per request: a script with 500 rm's gets the first 40 paths. */
export const MAX_PROBES = 40;

const WRITE_STATEMENTS = new Set([
  'UPDATE',
  'DELETE',
  'INSERT',
  'MERGE',
  'TRUNCATE',
  'DROP',
  'ALTER',
  'COPY',
]);
const AWS_TOOLS = new Set(['aws', 'sam', 'cdk', 'eksctl', 'terraform', 'tofu', 'pulumi']);

/** The commands whose tool runs on this machine (not inside ssh/docker/kubectl exec). */
function local(cmd: SimpleCommand): boolean {
  return cmd.wrappers.every((w) => w.remote === undefined);
}

export function planProbes(analysis: Analysis, options: PlanOptions): ProbeRequest[] {
  const out: ProbeRequest[] = [];
  const seen = new Set<string>();
  const add = (p: ProbeRequest) => {
    const key = JSON.stringify({ ...p, id: '' });
    if (seen.has(key) || out.length >= MAX_PROBES) return;
    seen.add(key);
    out.push(p);
  };
  const id = (kind: string) => `${kind}-${out.filter((p) => p.kind === kind).length + 1}`;
  const walk = options.walk ?? true;

  let push: ProbeRequest | undefined;
  for (const cmd of analysis.commands) {
    if (!local(cmd)) continue;
    for (const t of destructiveTargets(cmd)) add({ kind: 'fs', id: id('fs'), ...t, walk: walk && t.walk });
    const script = scriptTarget(cmd);
    if (script) add({ kind: 'script', id: id('script'), ...script });
    const program = cmd.program;
    if (program === 'git' && !push) {
      const sub = gitSubcommand(cmd);
      if (sub?.name === 'push') {
        push = {
          kind: 'git',
          id: 'git-1',
          push: gitPushSpec(cmd, sub.index),
          protectedBranches: [...options.protectedBranches],
        };
        // `git -C dir push`: the shell layer unwraps `git -C dir` as a wrapper.
        const wrapped = cmd.wrappers
          .filter((w) => w.program === 'git')
          .map((w) => w.words[w.words.indexOf('-C') + 1]);
        const dir = sub.dir ?? wrapped.find((d) => d !== undefined && d !== 'git');
        if (dir !== undefined) push.dir = dir;
      }
    }
    if (program === 'kubectl' || program === 'helm' || program === 'oc')
      add({ kind: 'kube', id: id('kube'), tool: program, ...kubeTarget(program, cmd.argv) });
    if (program && AWS_TOOLS.has(program))
      add({ kind: 'aws', id: id('aws'), ...(program === 'aws' ? awsTarget(cmd) : {}) });
    if (program === 'terraform' || program === 'tofu') {
      const dir = terraformDir(cmd);
      add(
        dir === undefined
          ? { kind: 'terraform', id: id('terraform') }
          : { kind: 'terraform', id: id('terraform'), dir },
      );
    }
    for (const w of cmd.wrappers) {
      if (w.program === 'kubectl' && w.argv)
        add({ kind: 'kube', id: id('kube'), tool: 'kubectl', ...kubeTarget('kubectl', w.argv) });
    }
  }
  // Repository facts always (cheap, local); push details when a push runs.
  add(push ?? { kind: 'git', id: 'git-1', protectedBranches: [...options.protectedBranches] });

  const byCommand = new Map<number, Analysis['sql']>();
  for (const s of analysis.sql) {
    if (s.readOnly || !WRITE_STATEMENTS.has(/^\S*/.exec(s.statement.toUpperCase())?.[0] ?? '')) continue;
    byCommand.set(s.command, [...(byCommand.get(s.command) ?? []), s]);
  }
  for (const [index, effects] of byCommand) {
    const cmd = analysis.commands[index];
    if (!cmd || !local(cmd)) continue;
    const target =
      cmd.program === 'psql'
        ? psqlTarget(cmd)
        : cmd.program === 'sqlite3' || cmd.program === 'sqlite'
          ? sqliteTarget(cmd)
          : null;
    if (!target) continue;
    add({
      kind: 'sql',
      id: id('sql'),
      target,
      statements: effects.map((e) => {
        const s: SqlProbe['statements'][number] = {
          statement: e.statement.toUpperCase(),
          text: e.text,
          tables: e.tables,
        };
        if (e.hasWhere !== undefined) s.hasWhere = e.hasWhere;
        if (e.rows && 'engine' in target) s.rows = e.rows;
        return s;
      }),
    });
  }
  const planned = options.kinds ? out.filter((p) => options.kinds?.includes(p.kind)) : out;
  for (const [ecosystem, names] of options.packages
    ? options.packages.map((n) => [n.ecosystem, new Set(n.names)] as const)
    : installedPackages(analysis)) {
    if (names.size && planned.length < MAX_PROBES)
      planned.push({
        kind: 'lockfile',
        id: `lockfile-${ecosystem}`,
        ecosystem,
        names: [...names].slice(0, 50),
      });
  }
  return planned;
}

/** The packages the (local) commands install, by ecosystem. */
function installedPackages(analysis: Analysis): Map<Ecosystem, Set<string>> {
  const out = new Map<Ecosystem, Set<string>>();
  for (const cmd of analysis.commands) {
    if (!local(cmd)) continue;
    const found = packageOperands(cmd);
    if (!found) continue;
    const names = out.get(found.ecosystem) ?? new Set<string>();
    for (const n of found.names) names.add(n);
    out.set(found.ecosystem, names);
  }
  return out;
}
