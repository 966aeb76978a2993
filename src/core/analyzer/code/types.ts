/**
 * Inline code (`python3 -c`, `node -e`, a heredoc into `python3 -`, a script file's content): what
 * it does, read from its syntax tree (tree-sitter-python / tree-sitter-javascript, loaded once and
 * injected), never from its text. Each effect is an action the shell layer turns into commands the
 * risk table already judges (`shutil.rmtree('build')` is judged as `rm -r build`) or a finding.
 */
import type { Tree } from 'web-tree-sitter';
import type { Word } from '../types.js';

export type CodeLanguage = 'python' | 'javascript' | 'ruby' | 'php';

/** A web-tree-sitter Parser with the language set (the analyzer never loads anything itself). */
export interface TreeParser {
  parse(text: string): Tree | null;
}

export type CodeParsers = Partial<Record<CodeLanguage, TreeParser>>;

/** What one call in the code does, as the analysis can tell. `call` is the call as written (shortened). */
export type CodeAction =
  /** Has the effect of this command (`os.remove(p)` → `rm p`); words the code computes are dynamic. */
  | { kind: 'command'; call: string; argv: Word[] }
  /** Runs shell text (`os.system`, `execSync`, `shell=True`); null: the text is not known statically. */
  | { kind: 'shell'; call: string; text: string | null; decoded?: boolean }
  /** Runs a program with this argv (`subprocess.run([...])`, `spawn`); null: not known statically. */
  | { kind: 'exec'; call: string; argv: Word[] | null; decoded?: boolean }
  /** Calls a function of a module whose effect is not in the catalog (judged like an unknown script). */
  | { kind: 'opaque'; call: string }
  /** Computes or writes locally through a library (data frames, archives, images): low. */
  | { kind: 'local'; call: string }
  /** Builds code or calls at run time (`eval(x)`, `getattr(os, name)`, `__import__(x)`): unknown. */
  | { kind: 'dynamic'; call: string; why: string }
  /** A loop nothing in it leaves (`while True:`): it repeats until stopped (code/endlessLoops.ts). */
  | { kind: 'endless'; call: string };

export interface CodeAnalysis {
  /** False when the code has a syntax error (or could not be parsed within the limits). */
  parsed: boolean;
  actions: CodeAction[];
}

/** A value the code computes, as far as it is known statically. */
export type Value =
  /** decoded: the code decodes it from a literal (base64, hex): what runs is hidden in the text. */
  | { kind: 'str'; word: Word; decoded?: boolean }
  | { kind: 'list'; items: Value[] }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'dict'; entries: Map<string, Value> }
  | { kind: 'unknown'; text: string };

/** A call resolved to a catalog name (`shutil.rmtree`, `pathlib.Path.unlink`) with its arguments. */
export interface ResolvedCall {
  name: string;
  /** The receiver of a method of a known class (`Path('x').unlink()` → the path 'x'). */
  self?: Value;
  args: Value[];
  /** Keyword arguments (Python) or the properties of a trailing options object (JavaScript). */
  options: Map<string, Value>;
  /** The call as written, shortened for reasons. */
  text: string;
}

/** A literal of the code as a command word (not `quoted` in the shell sense: no alias is bypassed). */
export function staticWord(value: string, raw = value): Word {
  return { raw, value, dynamic: [], quoted: false };
}

export function dynamicWord(text: string): Word {
  const t = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return { raw: t, value: t, dynamic: ['parameter'], quoted: false };
}

/** The Word a value stands for on a command line (strings, numbers; anything else is dynamic). */
export function wordOfValue(v: Value | undefined): Word {
  if (!v) return dynamicWord('…');
  if (v.kind === 'str') return v.word;
  if (v.kind === 'num') return staticWord(String(v.value));
  if (v.kind === 'bool') return staticWord(v.value ? 'true' : 'false');
  if (v.kind === 'unknown') return dynamicWord(v.text);
  return dynamicWord(v.kind);
}

export function shorten(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
