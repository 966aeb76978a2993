/**
 * Does a policy rule match a request's facts? Every condition of `match` must hold (lists inside a
 * condition are alternatives). A condition on a runtime fact not known yet is "possible": the rule
 * then applies conservatively (its requirements hold until the facts show otherwise), but never
 * auto-denies on a guess.
 */
import { tierRank } from '../../protocol/tiers.js';
import type { PolicyFacts } from './policyFacts.js';
import type { PolicyMatch } from './policySchema.js';

export type MatchResult = 'yes' | 'no' | 'possible';

/** `*` matches within a segment (no `/`), `**` across segments; everything else literally. */
export function globMatch(glob: string, value: string): boolean {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$').test(value);
}

const anyGlob = (globs: readonly string[], values: readonly string[]): boolean =>
  values.some((v) => globs.some((g) => globMatch(g, v)));
const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());

export function matchRule(match: PolicyMatch, facts: PolicyFacts): MatchResult {
  const known: boolean[] = [];
  if (match.tier) known.push(match.tier.includes(facts.tier));
  if (match.minTier) known.push(tierRank(facts.tier) >= tierRank(match.minTier));
  if (match.category) known.push(lower(match.category).some((c) => facts.categories.includes(c)));
  if (match.program) known.push(match.program.some((p) => facts.programs.includes(p)));
  if (match.sql) {
    // `DROP` matches DROP TABLE, DROP INDEX, …; `DROP TABLE` only that.
    const wanted = match.sql.map((s) => s.toUpperCase());
    known.push(facts.sql.some((st) => wanted.some((w) => st === w || st.startsWith(`${w} `))));
  }
  if (match.table) known.push(anyGlob(match.table, facts.tables));
  if (match.remote !== undefined) known.push(match.remote === facts.remote);
  if (match.agent) known.push(anyGlob(match.agent, [facts.agent]));
  if (match.session) known.push(facts.session !== null && anyGlob(match.session, [facts.session]));
  if (match.host) known.push(facts.host !== null && anyGlob(match.host, [facts.host]));
  if (match.cwd) known.push(anyGlob(match.cwd, [facts.cwd]));
  if (match.tainted !== undefined) known.push(match.tainted === facts.tainted);
  if (known.includes(false)) return 'no';

  // Runtime facts: false when known and different; unknown when not collected.
  const runtime: Array<boolean | undefined> = [];
  if (match.branch) runtime.push(facts.branch === null ? undefined : anyGlob(match.branch, [facts.branch]));
  if (match.namespace)
    runtime.push(facts.namespaces === undefined ? undefined : anyGlob(match.namespace, facts.namespaces));
  if (match.kubeContext)
    runtime.push(
      facts.kubeContexts === undefined ? undefined : anyGlob(match.kubeContext, facts.kubeContexts),
    );
  if (match.database)
    runtime.push(facts.databases === undefined ? undefined : anyGlob(match.database, facts.databases));
  if (match.estimatedRows) {
    const { min, max } = match.estimatedRows;
    const rows = facts.estimatedRows;
    runtime.push(
      rows === undefined
        ? undefined
        : (min === undefined || rows >= min) && (max === undefined || rows <= max),
    );
  }
  if (match.symlinkTarget)
    runtime.push(
      facts.symlinkTargets === undefined ? undefined : anyGlob(match.symlinkTarget, facts.symlinkTargets),
    );
  if (runtime.includes(false)) return 'no';
  return runtime.includes(undefined) ? 'possible' : 'yes';
}
