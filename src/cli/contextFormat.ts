/**
 * Runtime context as the reviewer reads it in `expacti show`: each fact that makes the command
 * dangerous (symlink hops, row estimates, the database server, discarded remote commits, a
 * context that changed since a whitelist entry was approved), unknown facts with why, and the
 * session's earlier commands.
 */
import type { RequestView } from '../protocol/api.js';
import type { Fact, FsFact, GitFact, ProbeResult, RuntimeContext, SqlFact } from '../protocol/context.js';
import { formatBytes, formatCount, hopText } from '../core/context/describe.js';
import { truncate } from './truncate.js';

const unknown = (why: string) => `unknown — ${why}`;

function fsLines(f: FsFact): string[] {
  const out: string[] = [];
  if (f.glob)
    out.push(
      `  ${f.pattern} matches ${f.matchesCapped ? '≥ ' : ''}${formatCount(f.matchCount)} path${f.matchCount === 1 ? '' : 's'} now`,
    );
  if (f.glob && f.matchCount === 0) out[out.length - 1] += ' (nothing to delete right now)';
  for (const t of f.matches) {
    if (!t.exists) {
      out.push(`  ${t.path}: does not exist`);
      continue;
    }
    const real = t.resolved !== t.path ? ` → ${t.resolved}` : '';
    out.push(
      `  ${t.path}${real}${t.finalLink ? ' (a symlink: the link itself is affected, not its target)' : ''}`,
    );
    if (t.hops.length) out.push(`      symlinks: ${hopText(t.hops)}`);
    const outside = [
      t.outside.cwd && 'the working directory',
      t.outside.gitRoot && 'the git repository',
      t.outside.home && 'home',
    ].filter(Boolean);
    if (outside.length) out.push(`      outside ${outside.join(', ')}`);
    if (t.mount.known)
      out.push(`      on ${t.mount.value.mountPoint} (${t.mount.value.fsType} ${t.mount.value.source})`);
    if (t.size)
      out.push(
        `      ${t.size.known ? `${t.size.value.capped ? '≥ ' : ''}${formatCount(t.size.value.files)} file${t.size.value.files === 1 ? '' : 's'}, ${formatBytes(t.size.value.bytes)}${t.size.value.capped ? ' (walk stopped early)' : ''}` : `size ${unknown(t.size.why)}`}`,
      );
  }
  if (f.matchCount > f.matches.length)
    out.push(`  … and ${formatCount(f.matchCount - f.matches.length)} more`);
  return out;
}

function sqlLines(f: SqlFact): string[] {
  const sqlite = f.engine === 'sqlite';
  const out = [
    sqlite
      ? `  sqlite database ${f.server.database}`
      : `  server ${f.server.host}:${f.server.port}, database ${f.server.database}, as ${f.server.user}`,
  ];
  const how = sqlite ? 'counted read-only, nothing was changed' : 'planner estimate, nothing was run';
  for (const s of f.statements) {
    out.push(
      `  ${s.statement}: ${s.estimatedRows.known ? `estimated ${formatCount(s.estimatedRows.value)} rows (${how})` : unknown(s.estimatedRows.why)}`,
    );
    for (const t of s.tables)
      out.push(
        `      table ${t.name}: ${t.estimatedRows.known ? `~${formatCount(t.estimatedRows.value)} rows` : unknown(t.estimatedRows.why)}`,
      );
  }
  return out;
}

function gitLines(g: GitFact): string[] {
  const out = [
    `  repository ${g.root}, branch ${g.branch ?? '(detached)'}${g.upstream ? ` tracking ${g.upstream}` : ''}, ${g.dirty.known ? `${g.dirty.value} changed file${g.dirty.value === 1 ? '' : 's'}` : `dirty state ${unknown(g.dirty.why)}`}`,
  ];
  if (!g.push) return out;
  if (!g.push.known) return [...out, `  push: ${unknown(g.push.why)}`];
  for (const t of g.push.value.targets) {
    const how = t.delete ? 'DELETE' : t.force ? 'FORCE push' : 'push';
    out.push(
      `  ${how} ${t.source} → ${g.push.value.remote}/${t.branch}${t.protected ? ' (PROTECTED branch)' : ''}${g.push.value.remoteUrl ? ` at ${g.push.value.remoteUrl}` : ''}`,
    );
    if (t.force || t.delete) {
      const d = t.discarded;
      if (!d.known) out.push(`      discarded commits: ${unknown(d.why)}`);
      else if (d.value.count === 0)
        out.push(`      discards no commits on ${d.value.trackingRef} (as of the last fetch)`);
      else {
        out.push(
          `      would DISCARD ${d.value.count} commit${d.value.count === 1 ? '' : 's'} on ${d.value.trackingRef} (as of the last fetch):`,
        );
        for (const c of d.value.commits) out.push(`        ${c}`);
      }
    }
  }
  return out;
}

function probeLines(p: ProbeResult): string[] {
  const head: Record<ProbeResult['kind'], string> = {
    fs: 'filesystem',
    git: 'git',
    sql: 'database',
    kube: 'kubernetes',
    aws: 'aws',
    terraform: 'terraform',
    script: 'script file',
    lockfile: 'lockfile',
  };
  const fact = p.fact as Fact<unknown>;
  if (!fact.known) return [`${head[p.kind]}: ${unknown(fact.why)}`];
  switch (p.kind) {
    case 'fs':
      return p.fact.known ? [`filesystem (${p.fact.value.pattern})`, ...fsLines(p.fact.value)] : [];
    case 'sql':
      return p.fact.known ? ['database', ...sqlLines(p.fact.value)] : [];
    case 'git':
      return p.fact.known ? ['git', ...gitLines(p.fact.value)] : [];
    case 'kube':
      return p.fact.known
        ? [
            `kubernetes: context ${p.fact.value.context ?? '(none)'}, namespace ${p.fact.value.namespace}${p.fact.value.server ? `, server ${p.fact.value.server}` : ''} (${p.fact.value.source})`,
          ]
        : [];
    case 'aws':
      return p.fact.known
        ? [
            `aws: profile ${p.fact.value.profile ?? '(default)'}, region ${p.fact.value.region ?? '(unset)'} (${p.fact.value.source})`,
          ]
        : [];
    case 'terraform':
      return p.fact.known ? [`terraform: workspace ${p.fact.value.workspace} (${p.fact.value.source})`] : [];
    case 'script': {
      if (!p.fact.known) return [];
      const f = p.fact.value;
      const what = f.truncated
        ? 'too large to send: not judged'
        : f.content === undefined
          ? 'unchanged since approved'
          : 'content judged';
      return [`script file ${f.path}: ${f.bytes} bytes, sha256 ${f.sha256.slice(0, 12)}… (${what})`];
    }
    case 'lockfile': {
      if (!p.fact.known) return [];
      const f = p.fact.value;
      const out = [`lockfile ${f.lockfile}`];
      if (f.present.length) out.push(`  already dependencies: ${f.present.join(', ')}`);
      if (f.missing.length) out.push(`  NEW dependencies (not in the lockfile): ${f.missing.join(', ')}`);
      return out;
    }
  }
}

export function contextLines(c: RuntimeContext): string[] {
  const out: string[] = [];
  const b = c.binding;
  if (b) {
    const entries = b.entries.map((e) => `${e.pattern} (approved by ${e.approvedBy})`).join(', ');
    if (b.outcome === 'changed') {
      out.push(`CONTEXT CHANGED since the whitelist entry ${entries} was approved:`);
      for (const d of b.differences) out.push(`  ${d.label}: approved ${d.approved}, now ${d.now}`);
    } else if (b.outcome === 'same')
      out.push(`context matches the one whitelist entry ${entries} was approved in`);
    else out.push(`whitelist entry ${entries} is bound to a context: waiting for the agent's facts`);
  }
  if (c.collected) out.push(`collected in ${c.collected.elapsedMs} ms (budget ${c.collected.budgetMs} ms)`);
  for (const p of c.probes ?? []) {
    // "not a repository" is the normal case outside git; nothing a reviewer needs to read.
    if (p.kind === 'git' && !p.fact.known && /not inside a git repository/.test(p.fact.why)) continue;
    out.push(...probeLines(p));
  }
  return out;
}

/** Earlier commands of the same session, oldest first, with how each was decided and how it ended. */
export function timelineLines(current: RequestView, session: readonly RequestView[]): string[] {
  const earlier = session
    .filter((r) => r.id !== current.id && r.createdAt <= current.createdAt)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return earlier.map((r) => {
    const who = r.decision
      ? r.decision.by.kind === 'whitelist'
        ? 'whitelisted'
        : r.decision.by.kind === 'user'
          ? `${r.decision.outcome} by ${r.decision.by.name}`
          : r.decision.outcome
      : r.status;
    const e = r.execution;
    const ran = e?.finishedAt
      ? `, exit ${e.exitCode ?? e.signal ?? '?'} in ${e.durationMs ?? '?'} ms${e.effects?.violations.length ? `, SCOPE VIOLATION (${e.effects.violations.length})` : ''}${e.notRun ? ', not run' : ''}`
      : e
        ? ', running'
        : '';
    const text = truncate(r.commandText, 90);
    return `  ${r.createdAt.slice(11, 19)}  ${r.analysis.tier.padEnd(8)} ${who}${ran}  ${text}`;
  });
}
