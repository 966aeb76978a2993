/** Plain-text presentation for the reviewer CLI. */
import { trailLines } from './readsFormat.js';
import type { RequestView } from '../protocol/api.js';
import { displayBlock, displayInline, jsonSafe } from '../protocol/displayText.js';
import { contextLines, timelineLines } from './contextFormat.js';
import { confinementLine, effectsLines, scopeLines } from './scopeFormat.js';

/** Under a `label      ` column: where continuation lines of a block start. */
const UNDER_LABEL = ' '.repeat(11);

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [fmt(header), ...rows.map(fmt)].join('\n');
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m}m`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h}h` : `${Math.round(h / 24)}d`;
}

export function requestDetails(
  r: RequestView,
  now = Date.now(),
  session: readonly RequestView[] = [],
): string {
  const out: string[] = [];
  const kv = (k: string, v: string | null | undefined) =>
    v !== null && v !== undefined && v !== '' && out.push(`${k.padEnd(10)} ${displayInline(v)}`);
  kv('request', r.id);
  kv(
    'status',
    r.status + (r.status === 'pending' ? ` (${duration(Date.parse(r.expiresAt) - now)} left)` : ''),
  );
  out.push(`${'command'.padEnd(10)} ${displayBlock(r.commandText, UNDER_LABEL)}`);
  kv('agent', r.agent.name);
  kv('host', r.host);
  kv('user', r.osUser);
  kv('cwd', r.cwd);
  kv('branch', r.gitBranch);
  kv('session', r.session);
  kv('reason', r.reason);
  kv('created', `${r.createdAt} (${duration(now - Date.parse(r.createdAt))} ago)`);
  const a = r.analysis;
  out.push(
    '',
    `risk       ${a.tier.toUpperCase()} (score ${a.score})${a.parsed ? '' : ' — could not be fully parsed'}`,
  );
  for (const reason of a.reasons)
    out.push(`  - [${displayInline(reason.code)}] ${displayInline(reason.message)}`);
  if (a.summary.length) out.push('', 'summary', ...a.summary.map((s) => `  ${displayInline(s)}`));
  if (a.parts.length > 1) out.push('', 'runs', ...a.parts.map((p, i) => `  ${i + 1}. ${displayInline(p)}`));
  const context = r.context ? contextLines(r.context) : [];
  if (context.length) out.push('', 'context', ...context.map((l) => `  ${displayInline(l)}`));
  if (r.scope) out.push('', 'scope', ...scopeLines(r.scope).map((l) => `  ${displayInline(l)}`));
  if (a.reads) out.push('', 'read before this request', ...trailLines(a.reads).map((l) => `  ${l}`));
  if (r.policy && r.policy.rules.length > 0) {
    // The team policy (issue 11): its rules, what it needs, and the votes so far.
    out.push('', `policy     version ${r.policy.version}: ${r.policy.rules.map((x) => x.name).join(', ')}`);
    if (r.approvals && r.approvals.need > 1) out.push(`  ${displayInline(r.approvals.summary)}`);
    for (const v of r.votes ?? []) out.push(`  ${v.vote} by ${displayInline(v.name)} at ${v.at}`);
  }
  const timeline = timelineLines(r, session);
  if (timeline.length)
    out.push(
      '',
      `session    ${timeline.length} earlier command${timeline.length === 1 ? '' : 's'}`,
      ...timeline,
    );
  if (r.decision) {
    out.push('', `decision   ${r.decision.outcome} — ${displayInline(r.decision.justification)}`);
    if (r.decision.note) out.push(`note       ${displayBlock(r.decision.note, UNDER_LABEL)}`);
  }
  if (r.execution) {
    const e = r.execution;
    const how = e.finishedAt
      ? `exit ${e.exitCode ?? e.signal ?? '?'} after ${e.durationMs ?? '?'} ms`
      : 'running (or no report yet)';
    out.push(`executed   ${e.startedAt}: ${how}`);
    const confined = confinementLine(e);
    if (confined) out.push(`           ${displayInline(confined)}`);
    if (e.effects) out.push('', 'effects', ...effectsLines(e.effects).map((l) => `  ${displayInline(l)}`));
  }
  if (r.status === 'pending' && a.suggestions.length) {
    out.push('', 'whitelist  approve --whitelist adds the exact command; narrower or wider patterns:');
    for (const s of a.suggestions) out.push(`  --pattern ${jsonSafe(JSON.stringify(s))}`);
  }
  return out.join('\n');
}
