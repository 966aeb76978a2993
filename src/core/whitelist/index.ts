/**
 * The whitelist index: entries compiled once, looked up by exact canonical form, by per-command
 * key, and by program then leading literal arguments — so matching stays flat as entries grow.
 *
 * Rules (docs/whitelist.md): a deny match wins; unparsed input matches nothing; a compound is
 * allowed as a whole by an exact entry, or when every command is allowed by some entry; a command
 * that reads a pipe (other than a plain text filter) is allowed only as part of an exact compound;
 * high and critical commands are allowed only by exact entries; a command with hidden characters
 * (a text.hidden-characters finding) is never allowed — a reviewer must see it, escaped.
 */
import type { WhitelistRule } from './rule.js';
import type { Analysis, SimpleCommand } from '../analyzer/types.js';
import type { Tier } from '../../protocol/tiers.js';
import { TIERS } from '../../protocol/tiers.js';
import { attachmentsText, commandKey, commandText, wordText } from '../analyzer/shell/commandText.js';
import { compilePattern, compoundShape, type CompileFn, type CompiledPart } from './compile.js';
import type { SlotContext } from './slots.js';
import { argsMatch, sourceArgs } from './matchPart.js';
import { PIPE_FILTERS } from './pipeFilters.js';
import { TEXT_HIDDEN } from '../analyzer/shell/findingCodes.js';

/**
 * commandKey per parsed command, remembered: the server reuses analyses of repeated commands
 * (server/analysisCache.ts), so the same command objects come back on every submission and the
 * key is computed once instead of on every match. Analyses are never changed once made.
 */
const KEYS = new WeakMap<SimpleCommand, string>();
function keyOf(cmd: SimpleCommand): string {
  let key = KEYS.get(cmd);
  if (key === undefined) KEYS.set(cmd, (key = commandKey(cmd)));
  return key;
}

export type WhitelistDecision<E extends WhitelistRule = WhitelistRule> =
  | { decision: 'allow'; entries: E[] }
  | { decision: 'deny'; entry: E; command: number }
  | { decision: 'none'; why: string };

export interface MatchContext extends SlotContext {
  /** The agent's name (entries scoped to another agent do not apply). */
  agent: string;
  /** ISO time or epoch ms: expired entries do not apply. */
  now: string | number;
  /** The agent session (session-scoped entries apply only in theirs). */
  session?: string | null;
}

export interface WhitelistIndex<E extends WhitelistRule = WhitelistRule> {
  match(
    analysis: Pick<Analysis, 'parsed' | 'commands' | 'canonical' | 'risk' | 'findings'>,
    ctx: MatchContext,
  ): WhitelistDecision<E>;
  /** Entries whose pattern no longer compiles (skipped), with why. */
  invalid: Array<{ entry: E; message: string }>;
  size: number;
}

interface Item<E> {
  entry: E;
  part: CompiledPart;
  exact: boolean;
}

/** A compound pattern with wildcards: each part matches its command, in the same shape. */
interface Compound<E> {
  entry: E;
  parts: CompiledPart[];
  shape: string;
}

interface TrieNode<E> {
  items: Array<Item<E>>;
  next: Map<string, TrieNode<E>>;
}

const TRIE_DEPTH = 3;

function node<E>(): TrieNode<E> {
  return { items: [], next: new Map() };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function millis(t: string | number | null): number {
  return typeof t === 'number' ? t : t === null ? Number.POSITIVE_INFINITY : Date.parse(t);
}

/** Whether an entry applies here: enabled, this agent, this session, in time, not above its tier. */
function applies(entry: WhitelistRule, ctx: MatchContext, tier: Tier | undefined): boolean {
  if (entry.disabled) return false;
  if (entry.agent !== null && entry.agent !== ctx.agent) return false;
  if (entry.session && entry.session !== ctx.session) return false;
  if (entry.maxTier && (tier === undefined || TIERS.indexOf(tier) > TIERS.indexOf(entry.maxTier)))
    return false;
  const expires = millis(entry.expiresAt);
  return !(expires <= millis(ctx.now));
}

function highRisk(analysis: Pick<Analysis, 'risk'>, i: number): boolean {
  const tier = analysis.risk.perCommand[i];
  return tier === undefined || tier === 'high' || tier === 'critical';
}

function programsKey(programs: ReadonlyArray<string | null>): string {
  return programs.map((p) => p ?? '').join('\u0000');
}

function programKey(attachments: string, program: string): string {
  return attachments + '\u0000' + program;
}

export function buildWhitelistIndex<E extends WhitelistRule>(
  entries: readonly E[],
  compile: CompileFn,
): WhitelistIndex<E> {
  /** Exact entries by canonical form, with the per-command keys of the commands they stand for. */
  const exactWhole = new Map<string, Array<{ entry: E; keys: string[] }>>();
  const exactPart = new Map<string, E[]>();
  const patterns = new Map<string, TrieNode<E>>();
  const denyParts = new Map<string, Array<Item<E>>>();
  const compounds = new Map<string, Array<Compound<E>>>();
  const invalid: WhitelistIndex<E>['invalid'] = [];

  for (const entry of entries) {
    const result = compilePattern(entry.pattern, compile, entry.exact);
    if (!result.ok) {
      invalid.push({ entry, message: result.message });
      continue;
    }
    const { pattern } = result;
    if (pattern.exact) push(exactWhole, pattern.canonical, { entry, keys: pattern.parts.map((p) => p.key) });
    if (pattern.shape !== undefined) {
      push(compounds, programsKey(pattern.parts.map((p) => p.programName)), {
        entry,
        parts: pattern.parts,
        shape: pattern.shape,
      });
      continue;
    }
    if (pattern.parts.length !== 1) continue;
    const part = pattern.parts[0] as CompiledPart;
    if (entry.effect === 'deny') {
      push(denyParts, part.programName ?? '', { entry, part, exact: pattern.exact });
      continue;
    }
    if (pattern.exact) {
      push(exactPart, part.key, entry);
      continue;
    }
    const key = programKey(part.attachments, part.program);
    let at: TrieNode<E> = patterns.get(key) ?? node<E>();
    patterns.set(key, at);
    for (let i = 0; i < Math.min(TRIE_DEPTH, part.args.length); i++) {
      const m = part.args[i];
      if (m?.kind !== 'word') break;
      const next: TrieNode<E> = at.next.get(m.text) ?? node<E>();
      at.next.set(m.text, next);
      at = next;
    }
    at.items.push({ entry, part, exact: false });
  }

  function denied(cmd: SimpleCommand, ctx: MatchContext): E | null {
    for (const item of denyParts.get(cmd.program ?? '') ?? []) {
      if (applies(item.entry, ctx, 'safe') && argsMatch(item.part, sourceArgs(cmd), true, ctx))
        return item.entry;
    }
    return null;
  }

  function allowedBy(cmd: SimpleCommand, tier: Tier | undefined, ctx: MatchContext): E | null {
    for (const e of exactPart.get(keyOf(cmd)) ?? [])
      if (e.effect === 'allow' && applies(e, ctx, tier)) return e;
    const risky = tier === undefined || tier === 'high' || tier === 'critical';
    if (risky) return null;
    const program = cmd.argv[0];
    if (!program) return null;
    let at = patterns.get(programKey(attachmentsText(cmd), wordText(program, true)));
    const args = sourceArgs(cmd);
    for (let depth = 0; at; depth++) {
      for (const item of at.items)
        if (applies(item.entry, ctx, tier) && argsMatch(item.part, args, false, ctx)) return item.entry;
      const w = args[depth];
      if (depth >= TRIE_DEPTH || !w) break;
      at = at.next.get(wordText(w));
    }
    return null;
  }

  /** A compound pattern of this effect whose every part matches its command, in the same shape. */
  function compoundMatch(
    analysis: Parameters<WhitelistIndex<E>['match']>[0],
    effect: 'allow' | 'deny',
    ctx: MatchContext,
  ): E | null {
    const list = compounds.get(programsKey(analysis.commands.map((c) => c.program)));
    if (!list) return null;
    const shape = compoundShape(analysis.commands);
    if (shape === null) return null;
    const deny = effect === 'deny';
    for (const c of list) {
      if (c.entry.effect !== effect || c.shape !== shape || !applies(c.entry, ctx, analysis.risk.tier))
        continue;
      const all = analysis.commands.every((cmd, i) => {
        const part = c.parts[i] as CompiledPart;
        const program = cmd.argv[0];
        return (
          (deny || !highRisk(analysis, i)) &&
          program !== undefined &&
          part.attachments === attachmentsText(cmd) &&
          part.program === wordText(program, true) &&
          argsMatch(part, sourceArgs(cmd), deny, ctx)
        );
      });
      if (all) return c.entry;
    }
    return null;
  }

  function match(
    analysis: Parameters<WhitelistIndex<E>['match']>[0],
    ctx: MatchContext,
  ): WhitelistDecision<E> {
    if (!analysis.parsed || analysis.canonical === null) {
      return { decision: 'none', why: 'the command could not be fully understood: it is never auto-allowed' };
    }
    // The canonical forms are equal, and (a second, independent check) so are the commands.
    const keys = analysis.commands.map(keyOf);
    const whole = (exactWhole.get(analysis.canonical) ?? []).filter(
      (w) => w.keys.length === keys.length && w.keys.every((k, i) => k === keys[i]),
    );
    for (const { entry: e } of whole) {
      if (e.effect === 'deny' && applies(e, ctx, 'safe')) return { decision: 'deny', entry: e, command: 0 };
    }
    for (let i = 0; i < analysis.commands.length; i++) {
      const entry = denied(analysis.commands[i] as SimpleCommand, ctx);
      if (entry) return { decision: 'deny', entry, command: i };
    }
    const deniedCompound = compoundMatch(analysis, 'deny', ctx);
    if (deniedCompound) return { decision: 'deny', entry: deniedCompound, command: 0 };
    if (analysis.findings.some((f) => f.code === TEXT_HIDDEN))
      return {
        decision: 'none',
        why: 'the command contains hidden characters (shown escaped): it is never auto-allowed, a reviewer must see it',
      };
    for (const { entry: e } of whole) {
      if (e.effect === 'allow' && applies(e, ctx, analysis.risk.tier))
        return { decision: 'allow', entries: [e] };
    }
    if (analysis.commands.length === 0) return { decision: 'none', why: 'nothing to run' };
    const compound = compoundMatch(analysis, 'allow', ctx);
    if (compound) return { decision: 'allow', entries: [compound] };
    const used: E[] = [];
    for (let i = 0; i < analysis.commands.length; i++) {
      const cmd = analysis.commands[i] as SimpleCommand;
      const text = commandText(cmd);
      const piped = cmd.pipeline !== null && cmd.pipeline.index > 0 && !PIPE_FILTERS.has(cmd.program ?? '');
      if (piped)
        return {
          decision: 'none',
          why: `\`${text}\` reads the output of another command: only an exact entry for the whole command allows it`,
        };
      const entry = allowedBy(cmd, analysis.risk.perCommand[i], ctx);
      if (!entry) {
        const why = highRisk(analysis, i)
          ? `\`${text}\` is ${analysis.risk.perCommand[i] ?? 'high'} risk: only an exact entry allows it, and none does`
          : `no whitelist entry allows \`${text}\``;
        return { decision: 'none', why };
      }
      if (!used.includes(entry)) used.push(entry);
    }
    return { decision: 'allow', entries: used };
  }

  return { match, invalid, size: entries.length - invalid.length };
}

export { compilePattern, type CompileFn } from './compile.js';
export type { WhitelistRule } from './rule.js';
export { checkPattern, validatePattern, type PatternCheck } from './validate.js';
export { suggestPatterns } from './suggest.js';
