/**
 * Compiling a whitelist pattern: the text is parsed by the same analyzer as the commands it will
 * match (so quoting, wrappers and canonical form agree), then each argument becomes a matcher.
 */
import type { Analysis, SimpleCommand, Word } from '../analyzer/types.js';
import { attachmentsText, commandKey, runsText, wordText } from '../analyzer/shell/commandText.js';
import { TEXT_HIDDEN } from '../analyzer/shell/findingCodes.js';
import {
  extractMetatokens,
  globToRegExp,
  placeholderIndex,
  SLOT_PLACEHOLDER,
  type Metatoken,
} from './metatokens.js';
import { SLOT_SHAPES, type SlotType } from './slots.js';
import { isOptionValue, packageInstall, type Ecosystem } from '../context/packages.js';

/** What the whitelist needs from the analyzer to compile a pattern (shell text → analysis). */
export type CompileFn = (
  shellText: string,
) => Pick<Analysis, 'parsed' | 'commands' | 'findings' | 'canonical'>;

export type ArgMatcher =
  | { kind: 'word'; text: string; value: string }
  | { kind: 'any' }
  | { kind: 'glob' | 're'; re: RegExp; source: string }
  /** A word with typed slots (`<range>p`): the regex captures each slot's text, checked by type. */
  | { kind: 'slots'; re: RegExp; slots: SlotType[]; source: string };

export interface CompiledPart {
  /** Env prefixes, wrapper layers and redirects, canonical (must be equal to match). */
  attachments: string;
  /** argv[0] in canonical quoting. */
  program: string;
  /** The program's basename (deny entries match it wherever the command sits). */
  programName: string | null;
  args: ArgMatcher[];
  /** Ends with `**`: any remaining words. */
  rest: boolean;
  /** Per-command key for exact matching. */
  key: string;
  /** Has `<package>` slots: the package manager's ecosystem (the entry waits for lockfile facts). */
  ecosystem?: Ecosystem;
}

export interface CompiledPattern {
  /** No wildcard: the entry matches only what it says (and may allow high/critical commands). */
  exact: boolean;
  canonical: string;
  parts: CompiledPart[];
  /** A compound with wildcards: how its commands sit (compoundShape), which a match must share. */
  shape?: string;
}

export type CompileResult = { ok: true; pattern: CompiledPattern } | { ok: false; message: string };

const MAX_REGEX = 500;

function isStar(w: Word, raw: string): boolean {
  return w.raw === raw && !w.quoted && w.dynamic.includes('glob');
}

function metaOf(w: Word, tokens: readonly Metatoken[]): Metatoken | null {
  if (w.quoted || w.dynamic.length > 0) return null;
  const index = placeholderIndex(w.value);
  return index === null ? null : (tokens[index] ?? null);
}

function hasSlot(w: Word): boolean {
  return w.value.includes('__expacti_slot_');
}

function hasWildcard(words: readonly Word[], tokens: readonly Metatoken[]): boolean {
  return words.some((w) => isStar(w, '*') || isStar(w, '**') || metaOf(w, tokens) !== null || hasSlot(w));
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A word with typed slots as a matcher: literal text around `(shape)` captures. */
function slotMatcher(w: Word): ArgMatcher | string {
  if (w.dynamic.length > 0)
    return `a typed slot must be in a word of plain text (no $, globs, ~ or substitutions): ${w.raw}`;
  const slots: SlotType[] = [];
  let re = '';
  let last = 0;
  for (const m of w.value.matchAll(SLOT_PLACEHOLDER)) {
    const type = m[1] as SlotType;
    re += escapeRe(w.value.slice(last, m.index)) + `(${SLOT_SHAPES[type]})`;
    slots.push(type);
    last = (m.index ?? 0) + m[0].length;
  }
  re += escapeRe(w.value.slice(last));
  const source = w.value.replace(SLOT_PLACEHOLDER, (_, t: string) => `<${t}>`);
  return { kind: 'slots', re: new RegExp('^' + re + '$', 'u'), slots, source };
}

/** Where a compound's commands sit (pipeline stage, enclosing constructs): equal for a match. */
export function compoundShape(commands: readonly SimpleCommand[]): string | null {
  const pipelines = new Map<number, number>();
  const out: string[] = [];
  for (const c of commands) {
    if (c.placement.some((p) => p !== 'top' && p !== 'pipeline')) return null;
    if (c.redirects.some((r) => r.heredoc !== undefined)) return null;
    if (!c.pipeline) {
      out.push('-');
      continue;
    }
    const id = c.pipeline.id ?? -1;
    if (!pipelines.has(id)) pipelines.set(id, pipelines.size);
    out.push(`${pipelines.get(id)}:${c.pipeline.index}/${c.pipeline.length}`);
  }
  return out.join(' ');
}

function attachmentWords(cmd: SimpleCommand): Word[] {
  return [
    ...cmd.assignments.map((a) => a.value),
    ...cmd.wrappers.flatMap((w) => w.argv ?? []),
    ...cmd.redirects.map((r) => r.target),
  ];
}

function compileArgs(
  cmd: SimpleCommand,
  tokens: readonly Metatoken[],
  exact: boolean,
): { args: ArgMatcher[]; rest: boolean } | string {
  const words = cmd.argv.slice(1).filter((w) => w.canonical !== '');
  const args: ArgMatcher[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as Word;
    const word: ArgMatcher = { kind: 'word', text: wordText(w), value: w.value };
    if (exact) {
      args.push(word);
      continue;
    }
    if (isStar(w, '**')) {
      if (i !== words.length - 1) return '`**` (any remaining words) must be the last word of the pattern';
      return { args, rest: true };
    }
    if (isStar(w, '*')) {
      args.push({ kind: 'any' });
      continue;
    }
    if (hasSlot(w)) {
      const m = slotMatcher(w);
      if (typeof m === 'string') return m;
      args.push(m);
      continue;
    }
    const meta = metaOf(w, tokens);
    if (!meta) {
      args.push(word);
      continue;
    }
    if (meta.source.length > MAX_REGEX) return `<${meta.kind}:…> is longer than ${MAX_REGEX} characters`;
    try {
      const re =
        meta.kind === 'glob' ? globToRegExp(meta.source) : new RegExp('^(?:' + meta.source + ')$', 'u');
      args.push({ kind: meta.kind, re, source: meta.source });
    } catch (error) {
      return `<re:${meta.source}> is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return { args, rest: false };
}

/**
 * Where a part has `<package>` slots, the command must be a package install and each slot an
 * operand after its subcommand: the ecosystem; no slots: null; anywhere else: false.
 */
function packageSlots(cmd: SimpleCommand, args: readonly ArgMatcher[]): Ecosystem | null | false {
  const at = args.flatMap((m, i) => (m.kind === 'slots' && m.slots.includes('package') ? [i] : []));
  if (at.length === 0) return null;
  const install = packageInstall(cmd);
  // args[i] is argv[i + 1]; the slots come after the install's subcommand path.
  if (!install || at.some((i) => i + 1 < install.from || isOptionValue(cmd.argv, i + 1))) return false;
  return install.ecosystem;
}

/** Compiles pattern text; `exactEntry` (the entry says exact) disables every wildcard. */
export function compilePattern(text: string, compile: CompileFn, exactEntry = false): CompileResult {
  const meta = exactEntry ? { text, tokens: [] } : extractMetatokens(text);
  const analysis = compile(meta.text);
  if (!analysis.parsed || analysis.canonical === null) {
    const why = analysis.findings.find(
      (f) => f.code.startsWith('parse') || f.code.startsWith('limit'),
    )?.message;
    return { ok: false, message: `the pattern is not a command bash can parse${why ? `: ${why}` : ''}` };
  }
  if (analysis.commands.length === 0)
    return { ok: false, message: 'the pattern is empty: write the command it should allow' };
  if (analysis.findings.some((f) => f.code === TEXT_HIDDEN))
    return {
      ok: false,
      message:
        'the pattern contains hidden characters (control, bidi, invisible or lookalike characters): a command with them always goes to a reviewer, so such an entry could never apply',
    };
  const wild =
    !exactEntry &&
    analysis.commands.some(
      (c) => hasWildcard(c.argv, meta.tokens) || hasWildcard(attachmentWords(c), meta.tokens),
    );
  const shape = wild && analysis.commands.length > 1 ? compoundShape(analysis.commands) : undefined;
  if (shape === null) {
    return {
      ok: false,
      message:
        'wildcards in a compound are allowed only in plain lists and pipelines (no substitutions, subshells, loops or heredocs): whitelist each command separately, or the whole compound exactly',
    };
  }
  const parts: CompiledPart[] = [];
  for (const cmd of analysis.commands) {
    const program = cmd.argv[0];
    if (wild && program && hasWildcard([program], meta.tokens))
      return { ok: false, message: 'the program (first word) cannot be a wildcard' };
    if (wild && hasWildcard(attachmentWords(cmd), meta.tokens)) {
      return {
        ok: false,
        message: 'wildcards are allowed only in arguments, not in env prefixes, wrapper options or redirects',
      };
    }
    const compiled = compileArgs(cmd, meta.tokens, !wild);
    if (typeof compiled === 'string') return { ok: false, message: compiled };
    const ecosystem = packageSlots(cmd, compiled.args);
    if (ecosystem === false)
      return {
        ok: false,
        message:
          "<package> stands only for the packages of an install command (`npm install <package>`, `pnpm add <package>`, `pip install <package>`), after its subcommand and not as an option's value",
      };
    parts.push({
      ...(ecosystem ? { ecosystem } : {}),
      attachments: attachmentsText(cmd),
      program: program ? wordText(program, true) : '',
      programName: cmd.program,
      args: compiled.args,
      rest: compiled.rest,
      key: commandKey(cmd),
    });
  }
  return {
    ok: true,
    pattern: { exact: !wild, canonical: analysis.canonical, parts, ...(shape ? { shape } : {}) },
  };
}

/** A plain value of each slot type, for benignInstance. */
const BENIGN_SLOT: Readonly<Record<SlotType, string>> = {
  path: 'README.md',
  range: '1',
  int: '1',
  branch: 'feature-x',
  test: 'test_x',
  package: 'left-pad',
};

/** Plain words to try in a wildcard's place: the least risky of them stands for the pattern. */
export const BENIGN_WORDS = ['x', './dist', 'README.md', '1'];

/**
 * Ordinary commands a wildcard pattern stands for: each wildcard as one plain word (`word`), `**`
 * as nothing, wrappers kept (`sudo rm -rf *` → `sudo rm -rf x`). Null for exact patterns and shapes
 * this cannot stand in for (several commands, env prefixes, redirects, wrappers that run text).
 * Used to tell a reviewer that a pattern can never allow anything: if even the least risky of
 * these is high or critical, so is every command the pattern matches, and those need exact entries.
 */
export function benignInstance(text: string, compile: CompileFn, word = 'x'): string[] | null {
  const meta = extractMetatokens(text);
  const analysis = compile(meta.text);
  const cmd = analysis.commands[0];
  if (!analysis.parsed || analysis.commands.length !== 1 || !cmd) return null;
  if (cmd.assignments.length > 0 || cmd.redirects.length > 0) return null;
  if (!hasWildcard(cmd.argv, meta.tokens)) return null;
  const words: string[] = [];
  for (const w of cmd.wrappers) {
    if (runsText(w)) return null;
    words.push(...w.words);
  }
  for (const w of cmd.argv) {
    if (isStar(w, '**')) continue;
    words.push(
      isStar(w, '*') || metaOf(w, meta.tokens)
        ? word
        : hasSlot(w)
          ? w.value.replace(SLOT_PLACEHOLDER, (_, t: string) => BENIGN_SLOT[t as SlotType])
          : w.value,
    );
  }
  return words;
}
