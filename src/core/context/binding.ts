/**
 * Context-bound whitelist entries: the facts an approval was given in (database server, kube
 * context, protected-branch status, where destructive paths resolve, the order of magnitude of
 * affected rows), and the comparison with the facts now. Materially different → a reviewer.
 */
import type { BindingDifference, ProbeKind, ProbeRequest, ProbeResult } from '../../protocol/context.js';
import { isProtectedBranch } from './branches.js';
import { formatCount, sqlPlace } from './describe.js';
import type { ScriptJudge } from './assess.js';
import { isTier, tierRank, type Tier } from '../../protocol/tiers.js';

export interface BoundFact {
  key: string;
  label: string;
  /** Display value; compared exactly unless `rows` is set. */
  value: string;
  /** For row estimates: compared by ratio (≥ 10× more is a change). */
  rows?: number;
  /** Nothing there to delete right now: harmless whatever was approved. */
  nothing?: boolean;
  /** A script file's content hash: the same hash is the same code. */
  hash?: string;
  /** How a script file's content was judged: a new content holds while it stays within this tier. */
  tier?: Tier;
  /** A package the command installs: whether the project's lockfile already lists it. */
  inLockfile?: boolean;
}

/** What a whitelist entry keeps in its `context` field. */
export interface ContextBinding {
  version: 1;
  facts: BoundFact[];
}

/** The probe kinds a binding is made of (repository state alone is not bound: it changes by design). */
export const BINDABLE_KINDS: readonly ProbeKind[] = [
  'fs',
  'sql',
  'kube',
  'aws',
  'terraform',
  'git',
  'script',
];

const unknown = (why: string) => `unknown (${why})`;
const DELETE_OPS = /^(rm|rmdir|unlink|shred|find -delete)/;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function boundFacts(
  asked: readonly ProbeRequest[],
  results: readonly ProbeResult[],
  protectedBranches: readonly string[],
  judgeScript?: ScriptJudge,
): BoundFact[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const out: BoundFact[] = [];
  for (const p of asked) {
    const r = byId.get(p.id);
    const missing = !r || r.kind !== p.kind ? unknown('not reported') : null;
    switch (p.kind) {
      case 'fs': {
        const label = `${p.op} ${p.path} resolves to`;
        if (missing || !r || r.kind !== 'fs')
          out.push({ key: `fs:${p.op}:${p.path}`, label, value: missing ?? '' });
        else if (!r.fact.known) out.push({ key: `fs:${p.op}:${p.path}`, label, value: unknown(r.fact.why) });
        else {
          const f = r.fact.value;
          // For a glob, where the matches live (their number changes by design); else the real path.
          const places = f.matches
            .filter((m) => m.exists)
            .map((m) => (f.glob ? dirOf(m.resolved) : m.resolved));
          const value = [...new Set(places)].sort().join(', ') || (f.glob ? 'no matches' : 'does not exist');
          const fact: BoundFact = { key: `fs:${p.op}:${p.path}`, label, value };
          if (places.length === 0 && DELETE_OPS.test(p.op)) fact.nothing = true;
          out.push(fact);
        }
        break;
      }
      case 'sql': {
        if (missing || !r || r.kind !== 'sql' || !r.fact.known) {
          out.push({
            key: 'sql:server',
            label: 'database server',
            value: missing ?? (r && !r.fact.known ? unknown(r.fact.why) : ''),
          });
          break;
        }
        const f = r.fact.value;
        out.push({
          key: 'sql:server',
          label: 'database server',
          value: sqlPlace(f),
        });
        for (const s of f.statements) {
          const label = `estimated rows of ${s.text.length > 60 ? s.text.slice(0, 59) + '…' : s.text}`;
          out.push(
            s.estimatedRows.known
              ? {
                  key: `sql:rows:${s.text}`,
                  label,
                  value: formatCount(s.estimatedRows.value),
                  rows: s.estimatedRows.value,
                }
              : { key: `sql:rows:${s.text}`, label, value: unknown(s.estimatedRows.why) },
          );
        }
        break;
      }
      case 'kube': {
        const v =
          missing ??
          (r?.kind === 'kube'
            ? r.fact.known
              ? `${r.fact.value.context ?? '(none)'} / ${r.fact.value.namespace}${r.fact.value.server ? ` (${r.fact.value.server})` : ''}`
              : unknown(r.fact.why)
            : '');
        out.push({ key: `kube:${p.tool}`, label: 'kube context / namespace', value: v });
        break;
      }
      case 'aws': {
        const v =
          missing ??
          (r?.kind === 'aws'
            ? r.fact.known
              ? `${r.fact.value.profile ?? '(default)'} / ${r.fact.value.region ?? '(default)'}`
              : unknown(r.fact.why)
            : '');
        out.push({ key: 'aws', label: 'AWS profile / region', value: v });
        break;
      }
      case 'terraform': {
        const v =
          missing ??
          (r?.kind === 'terraform' ? (r.fact.known ? r.fact.value.workspace : unknown(r.fact.why)) : '');
        out.push({ key: 'terraform', label: 'terraform workspace', value: v });
        break;
      }
      case 'script': {
        const key = `script:${p.path}`;
        const label = `${p.path} runs`;
        if (missing || !r || r.kind !== 'script' || !r.fact.known) {
          out.push({ key, label, value: missing ?? (r && !r.fact.known ? unknown(r.fact.why) : '') });
          break;
        }
        const f = r.fact.value;
        const fact: BoundFact = { key, label, value: `sha256 ${f.sha256.slice(0, 12)}…`, hash: f.sha256 };
        if (f.truncated) fact.value += ' (too large to judge)';
        else if (f.content !== undefined && judgeScript) {
          fact.tier = judgeScript(p.language, f.content).tier;
          fact.value += `, judged ${fact.tier}`;
        }
        out.push(fact);
        break;
      }
      case 'lockfile': {
        const fact = r?.kind === 'lockfile' ? r.fact : null;
        for (const name of p.names) {
          const key = `package:${p.ecosystem}:${name}`;
          const label = `${name} (${p.ecosystem})`;
          if (missing || !fact || !fact.known) {
            out.push({ key, label, value: missing ?? unknown(fact && !fact.known ? fact.why : '') });
            continue;
          }
          const listed = fact.value.present.includes(name);
          out.push({
            key,
            label,
            value: listed ? `in ${fact.value.lockfile}` : `not in ${fact.value.lockfile}: a new dependency`,
            inLockfile: listed,
          });
        }
        break;
      }
      case 'git': {
        if (!p.push) break;
        if (missing || !r || r.kind !== 'git' || !r.fact.known || !r.fact.value.push?.known) {
          const why =
            missing ??
            (r?.kind === 'git'
              ? !r.fact.known
                ? r.fact.why
                : r.fact.value.push && !r.fact.value.push.known
                  ? r.fact.value.push.why
                  : 'no push facts'
              : '');
          out.push({ key: 'git:push', label: 'push target', value: unknown(why) });
          break;
        }
        for (const t of r.fact.value.push.value.targets) {
          const prot = isProtectedBranch(t.branch, protectedBranches) ? 'protected' : 'not protected';
          const discards = t.force
            ? t.discarded.known
              ? t.discarded.value.count > 0
                ? ', discards remote commits'
                : ', discards nothing'
              : ', discards unknown'
            : '';
          out.push({
            key: `git:push:${t.branch}`,
            label: `push to ${r.fact.value.push.value.remote}/${t.branch}`,
            value: `${prot}${discards}`,
          });
        }
        break;
      }
    }
  }
  return out;
}

/**
 * A script file an entry holds no fact about (approved before script files were read, or written
 * by hand) holds while its content is judged at most this: what a wildcard entry may allow.
 */
const UNBOUND_SCRIPT_CEILING: Tier = 'medium';

/** Differences that matter between the approved context and the context now (empty: the same). */
export function compareBinding(
  approved: readonly BoundFact[],
  now: readonly BoundFact[],
): BindingDifference[] {
  const diffs: BindingDifference[] = [];
  const nowByKey = new Map(now.map((f) => [f.key, f]));
  for (const a of approved) {
    const n = nowByKey.get(a.key);
    nowByKey.delete(a.key);
    if (!n) {
      diffs.push({ key: a.key, label: a.label, approved: a.value, now: 'not collected' });
      continue;
    }
    if (n.nothing) continue;
    if (isPackageFact(a) || isPackageFact(n)) {
      // A package the project already depends on holds; a new one holds only if it was approved new.
      if (n.inLockfile === true || (n.inLockfile === false && a.inLockfile === false)) continue;
      diffs.push({ key: a.key, label: a.label, approved: a.value, now: n.value });
      continue;
    }
    if (a.hash !== undefined) {
      // A script file: the same content, or new content judged within the approved tier, holds.
      if (n.hash === a.hash) continue;
      if (a.tier !== undefined && n.tier !== undefined && tierRank(n.tier) <= tierRank(a.tier)) continue;
      const now = n.tier !== undefined ? `changed content, judged ${n.tier}` : n.value;
      diffs.push({ key: a.key, label: a.label, approved: a.value, now });
      continue;
    }
    if (a.rows !== undefined && n.rows !== undefined) {
      if (n.rows >= 10 * Math.max(a.rows, 1))
        diffs.push({
          key: a.key,
          label: a.label,
          approved: a.value,
          now: `${n.value} (${Math.round(n.rows / Math.max(a.rows, 1))}×)`,
        });
      continue;
    }
    if (n.value.startsWith('unknown') || a.value !== n.value)
      diffs.push({ key: a.key, label: a.label, approved: a.value, now: n.value });
  }
  for (const n of nowByKey.values()) {
    if (n.hash !== undefined && n.tier !== undefined && tierRank(n.tier) <= tierRank(UNBOUND_SCRIPT_CEILING))
      continue;
    if (isPackageFact(n)) {
      // A `<package>` slot stands for packages the project already depends on.
      if (n.inLockfile !== true)
        diffs.push({
          key: n.key,
          label: n.label,
          approved: 'a package already in the lockfile',
          now: n.value,
        });
      continue;
    }
    diffs.push({ key: n.key, label: n.label, approved: 'not part of the approved context', now: n.value });
  }
  return diffs;
}

/** A fact about a package the command installs (from a lockfile probe). */
export function isPackageFact(f: BoundFact): boolean {
  return f.key.startsWith('package:');
}

/** Reads an entry's stored context; null when it is not a binding (or an older shape). */
export function readBinding(stored: Record<string, unknown> | null): ContextBinding | null {
  if (!stored || stored['version'] !== 1 || !Array.isArray(stored['facts'])) return null;
  const facts = (stored['facts'] as unknown[]).filter(
    (f): f is BoundFact =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as BoundFact).key === 'string' &&
      typeof (f as BoundFact).label === 'string' &&
      typeof (f as BoundFact).value === 'string' &&
      ((f as BoundFact).hash === undefined || typeof (f as BoundFact).hash === 'string') &&
      ((f as BoundFact).tier === undefined || isTier((f as BoundFact).tier)) &&
      ((f as BoundFact).inLockfile === undefined || typeof (f as BoundFact).inLockfile === 'boolean'),
  );
  return facts.length ? { version: 1, facts } : null;
}
