/**
 * Risk from runtime context: what the probes found can raise a command's tier, with the fact in
 * the reason ("estimated 2,000,000 rows"); it never lowers one, and an unknown fact raises nothing
 * and lowers nothing (it is shown to the reviewer as unknown).
 */
import type { Reason } from '../../protocol/api.js';
import type {
  ContextAssessment,
  FsFact,
  FsProbe,
  ProbeRequest,
  ProbeResult,
  ScriptFact,
  ScriptProbe,
  SqlFact,
} from '../../protocol/context.js';
import { maxTier, type Tier } from '../../protocol/tiers.js';
import { isProtectedBranch, looksProduction } from './branches.js';
import { formatCount, hopText, sqlPlace } from './describe.js';

/** How the content of a script file is judged: by the analyzer, as inline code (server-provided). */
export type ScriptJudge = (
  language: ScriptProbe['language'],
  content: string,
) => { tier: Tier; reasons: Reason[] };

export interface AssessOptions {
  protectedBranches: readonly string[];
  /** The tier the command text earned (context rules for "changes something" look at it). */
  textTier: Tier;
  /** Judges script files the command runs; without it their content raises nothing. */
  judgeScript?: ScriptJudge;
}

const DELETES = /^(rm|rmdir|unlink|shred|find -delete)/;

export function assessContext(
  asked: readonly ProbeRequest[],
  results: readonly ProbeResult[],
  options: AssessOptions,
): ContextAssessment {
  const reasons: Reason[] = [];
  const raise = (code: string, tier: Tier, message: string) => reasons.push({ code, tier, message });
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const probe of asked) {
    const r = byId.get(probe.id);
    if (!r || r.kind !== probe.kind || !r.fact.known) continue;
    switch (r.kind) {
      case 'fs':
        if (probe.kind === 'fs') fsReasons(probe, r.fact.value, raise);
        break;
      case 'sql':
        sqlReasons(r.fact.value, raise);
        break;
      case 'git': {
        const push = r.fact.value.push;
        if (push?.known) {
          for (const t of push.value.targets) {
            const prot = isProtectedBranch(t.branch, options.protectedBranches);
            const where = `${push.value.remote}/${t.branch}`;
            if (t.delete && prot)
              raise('context.git.delete-protected', 'critical', `deletes the protected branch ${where}`);
            else if (t.force && prot)
              raise('context.git.force-protected', 'critical', `force-pushes the protected branch ${where}`);
            else if (prot)
              raise('context.git.push-protected', 'high', `pushes directly to the protected branch ${where}`);
            if (t.force && t.discarded.known && t.discarded.value.count > 0) {
              const d = t.discarded.value;
              raise(
                'context.git.discards-commits',
                'high',
                `would discard ${d.count} commit${d.count === 1 ? '' : 's'} on ${d.trackingRef} (as of the last fetch): ${d.commits.slice(0, 3).join('; ')}`,
              );
            }
          }
        }
        break;
      }
      case 'kube': {
        const k = r.fact.value;
        if (
          options.textTier !== 'safe' &&
          (looksProduction(k.context) || looksProduction(k.namespace) || looksProduction(k.cluster))
        ) {
          raise(
            'context.kube.production',
            'high',
            `runs against kube context ${k.context ?? '(none)'} namespace ${k.namespace}, which looks like production`,
          );
        }
        break;
      }
      case 'aws': {
        const a = r.fact.value;
        if (options.textTier !== 'safe' && looksProduction(a.profile))
          raise('context.aws.production', 'high', `AWS profile ${a.profile} looks like production`);
        break;
      }
      case 'script':
        if (probe.kind === 'script') scriptReasons(probe, r.fact.value, options.judgeScript, raise);
        break;
      case 'terraform': {
        const t = r.fact.value;
        if (options.textTier !== 'safe' && looksProduction(t.workspace))
          raise(
            'context.terraform.production',
            'high',
            `terraform workspace ${t.workspace} looks like production`,
          );
        break;
      }
    }
  }
  const tier = reasons.reduce<Tier>((t, r) => (r.tier ? maxTier(t, r.tier) : t), 'safe');
  return { tier, reasons };
}

/** One reason per kind of finding per path (a glob's matches are summarised: the first, and how many). */
function fsReasons(
  probe: FsProbe,
  f: FsFact,
  raise: (code: string, tier: Tier, message: string) => void,
): void {
  const existing = f.matches.filter((t) => t.exists);
  const more = (n: number) => (n > 1 ? ` (and ${n - 1} more match${n > 2 ? 'es' : ''})` : '');
  const deletes = DELETES.test(probe.op);
  const linked = existing.filter((t) => t.hops.length > 0 && t.resolved !== t.path);
  const first = linked[0];
  if (first)
    raise(
      'context.fs.symlink',
      'high',
      `${probe.op} ${first.path} resolves to ${first.resolved} (${hopText(first.hops)})${more(linked.length)}`,
    );
  const outside = linked.filter((t) => deletes && t.outside.cwd && t.outside.gitRoot !== false);
  if (outside[0])
    raise(
      'context.fs.outside-project',
      'high',
      `${probe.op} ${outside[0].path} reaches ${outside[0].resolved}, outside the project${more(outside.length)}`,
    );
  // The text named a temp path (judged as cleanup); where it really lands decides.
  const elsewhere = deletes && probe.temp ? existing.filter((t) => t.outside.temp === true) : [];
  if (elsewhere[0])
    raise(
      'context.fs.temp-elsewhere',
      'high',
      `${probe.op} ${elsewhere[0].path} resolves to ${elsewhere[0].resolved}, which is not in a temp directory${more(elsewhere.length)}`,
    );
  if (deletes) {
    let files = 0;
    let capped = false;
    for (const t of existing) {
      if (!t.size?.known) continue;
      files += t.size.value.files;
      capped ||= t.size.value.capped;
    }
    const what = `${probe.op} ${probe.path} would delete ${capped ? '≥ ' : ''}${formatCount(files)} files`;
    if (capped || files >= 100_000) raise('context.fs.huge-delete', 'critical', what);
    else if (files >= 10_000) raise('context.fs.large-delete', 'high', what);
  }
  if (f.matchesCapped)
    raise(
      'context.fs.many-matches',
      'high',
      `${probe.op} ${probe.path} matches ${formatCount(f.matchCount)} paths or more right now`,
    );
}

/** What a script file runs, judged like inline code; a file too large to send is not known. */
function scriptReasons(
  probe: ScriptProbe,
  f: ScriptFact,
  judge: ScriptJudge | undefined,
  raise: (code: string, tier: Tier, message: string) => void,
): void {
  if (f.truncated) {
    raise(
      'context.script.unread',
      'high',
      `${f.path} is ${formatCount(f.bytes)} bytes: too large to read, so what it runs is not known`,
    );
    return;
  }
  if (f.content === undefined || !judge) return;
  const judged = judge(probe.language, f.content);
  const top = judged.reasons[0];
  raise(
    'context.script',
    judged.tier,
    `${f.path} runs code judged ${judged.tier}${top ? `: ${top.message}` : ''}`,
  );
}

function sqlReasons(f: SqlFact, raise: (code: string, tier: Tier, message: string) => void): void {
  const where = sqlPlace(f);
  const prod = looksProduction(f.server.host) || looksProduction(f.server.database);
  if (prod) raise('context.sql.production', 'high', `the database ${where} looks like production`);
  const how = f.engine === 'sqlite' ? 'counted read-only' : 'planner estimate';
  for (const s of f.statements) {
    let rows = s.estimatedRows.known ? s.estimatedRows.value : null;
    if (rows === null && (s.statement === 'TRUNCATE' || s.statement === 'DROP')) {
      rows = s.tables.reduce((n, t) => n + (t.estimatedRows.known ? t.estimatedRows.value : 0), 0);
    }
    if (rows === null) continue;
    const msg = `${s.statement} estimated at ${formatCount(rows)} rows on ${where} (${how})`;
    if (rows >= 1_000_000) raise('context.sql.rows', 'critical', msg);
    else if (rows >= 10_000) raise('context.sql.rows', 'high', msg);
    else raise('context.sql.rows', s.statement === 'INSERT' ? 'low' : 'medium', msg);
    const broad = broadWhere(s, rows);
    if (broad) raise('context.sql.broad-where', 'high', broad);
  }
}

/**
 * A WHERE that is there but selects most of the table is no bound: "no narrow WHERE". Only for
 * UPDATE/DELETE with a WHERE clause, on a table of at least 1,000 rows, selecting half or more.
 */
function broadWhere(s: SqlFact['statements'][number], rows: number): string | null {
  if (s.statement !== 'UPDATE' && s.statement !== 'DELETE') return null;
  if (!/\bwhere\b/i.test(s.text)) return null;
  const table = s.tables[0];
  if (!table?.estimatedRows.known) return null;
  const size = table.estimatedRows.value;
  if (size < 1000 || rows < size / 2) return null;
  const share = Math.min(100, Math.round((rows / size) * 100));
  return `no narrow WHERE: it selects ${formatCount(rows)} of the ${formatCount(size)} rows of ${table.name} (${share}%)`;
}
