/**
 * git aliases defined on the command line: `git -c alias.NAME=VALUE … NAME args`. A value that
 * starts with `!` is shell text git runs with `sh -c` (the arguments appended); any other value
 * is split into git arguments that replace NAME. git runs its own commands (builtins and the
 * programs of its exec path) before any alias of the same name, so those are not unwrapped.
 */
import type { Word } from '../types.js';
import { isStatic } from './options.js';
import { quoteWord } from './quote.js';

/** git's own commands (`git --list-cmds=main`): an alias of one of these names never runs. */
// prettier-ignore
const GIT_COMMANDS = new Set([
  'add', 'am', 'annotate', 'apply', 'archive', 'bisect', 'blame', 'branch', 'bugreport', 'bundle',
  'cat-file', 'check-attr', 'check-ignore', 'check-mailmap', 'check-ref-format', 'checkout',
  'checkout-index', 'cherry', 'cherry-pick', 'clean', 'clone', 'column', 'commit', 'commit-graph',
  'commit-tree', 'config', 'count-objects', 'credential', 'credential-cache', 'credential-store',
  'daemon', 'describe', 'diagnose', 'diff', 'diff-files', 'diff-index', 'diff-tree', 'difftool',
  'fast-export', 'fast-import', 'fetch', 'fetch-pack', 'filter-branch', 'fmt-merge-msg',
  'for-each-ref', 'for-each-repo', 'format-patch', 'fsck', 'fsck-objects', 'gc', 'get-tar-commit-id',
  'grep', 'hash-object', 'help', 'hook', 'http-backend', 'http-fetch', 'http-push', 'imap-send',
  'index-pack', 'init', 'init-db', 'instaweb', 'interpret-trailers', 'log', 'ls-files', 'ls-remote',
  'ls-tree', 'mailinfo', 'mailsplit', 'maintenance', 'merge', 'merge-base', 'merge-file',
  'merge-index', 'merge-octopus', 'merge-one-file', 'merge-ours', 'merge-recursive',
  'merge-resolve', 'merge-subtree', 'merge-tree', 'mergetool', 'mktag', 'mktree',
  'multi-pack-index', 'mv', 'name-rev', 'notes', 'p4', 'pack-objects', 'pack-redundant', 'pack-refs',
  'patch-id', 'prune', 'prune-packed', 'pull', 'push', 'quiltimport', 'range-diff', 'read-tree',
  'rebase', 'receive-pack', 'reflog', 'remote', 'repack', 'replace', 'request-pull', 'rerere',
  'reset', 'restore', 'rev-list', 'rev-parse', 'revert', 'rm', 'send-email', 'send-pack', 'shell',
  'shortlog', 'show', 'show-branch', 'show-index', 'show-ref', 'sparse-checkout', 'stage', 'stash',
  'status', 'stripspace', 'submodule', 'subtree', 'svn', 'switch', 'symbolic-ref', 'tag',
  'unpack-file', 'unpack-objects', 'update-index', 'update-ref', 'update-server-info',
  'upload-archive', 'upload-pack', 'var', 'verify-commit', 'verify-pack', 'verify-tag', 'version',
  'whatchanged', 'worktree', 'write-tree', 'gui', 'citool', 'gitk', 'lfs',
]);

/** git global options that take the next word as their value (unless written `--x=v`). */
export const GIT_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-c',
  '-C',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--super-prefix',
  '--config-env',
  '--exec-path',
  '--list-cmds',
  '--attr-source',
]);

/** The `-c KEY=VALUE` words among git's global options (argv[1] up to `end`), in order. */
function configPairs(argv: readonly Word[], end: number): Word[] {
  const pairs: Word[] = [];
  for (let i = 1; i < end; i++) {
    const w = argv[i];
    if (!w) continue;
    if (w.value === '-c') {
      const pair = argv[i + 1];
      if (pair) pairs.push(pair);
      i++;
    } else if (w.value.startsWith('-c')) pairs.push({ ...w, value: w.value.slice(2) });
    else if (GIT_VALUE_OPTIONS.has(w.value)) i++;
  }
  return pairs;
}

/**
 * The value of the alias `name` defined by `-c alias.NAME=…` before argv[end] (the last definition
 * wins; names compare case-insensitively, as git reads config keys). Null when there is none, or
 * when it cannot be known (a dynamic word: flagged by the code findings).
 */
function aliasValue(argv: readonly Word[], end: number, name: string): string | null {
  const key = `alias.${name}`.toLowerCase();
  let value: string | null = null;
  for (const pair of configPairs(argv, end)) {
    const eq = pair.value.indexOf('=');
    const k = (eq >= 0 ? pair.value.slice(0, eq) : pair.value).toLowerCase();
    if (k !== key) continue;
    value = isStatic(pair) && eq >= 0 ? pair.value.slice(eq + 1) : null;
  }
  return value;
}

/** git's split_cmdline: whitespace-separated words, with '…', "…" and backslash escapes. */
function splitCommandLine(text: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote === null && /\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    word ??= '';
    if (ch === '\\' && quote !== "'") {
      i++;
      if (i >= text.length) return null;
      word += text.charAt(i);
    } else if (quote !== null && ch === quote) quote = null;
    else if (quote === null && (ch === '"' || ch === "'")) quote = ch;
    else word += ch;
  }
  if (quote !== null) return null;
  if (word !== null) words.push(word);
  return words;
}

function staticWord(value: string): Word {
  const canonical = quoteWord(value);
  return { raw: canonical, value, dynamic: [], quoted: canonical !== value, canonical };
}

export type GitAliasCall =
  /** `!…`: shell text (the arguments appended); `partial` when an argument is only known at run time. */
  | { kind: 'shell'; text: string; partial: boolean }
  /**
   * Any other value: the git arguments that replace the alias name (aliases of aliases resolved).
   * `options`: the expansion starts with git options, so git's own options must be kept before it.
   */
  | { kind: 'git'; words: Word[]; options: boolean };

/** Bound on aliases of aliases (git stops at a loop; so does this). */
const MAX_ALIAS_CHAIN = 16;

/**
 * What running the alias at argv[index] does, when `-c` before it defines that alias and git has no
 * command of that name; null otherwise (and for a loop of aliases, which git refuses to run).
 */
export function gitAliasCall(argv: readonly Word[], index: number): GitAliasCall | null {
  const name = argv[index];
  if (!isStatic(name)) return null;
  const rest = argv.slice(index + 1);
  const seen = new Set<string>();
  let words: string[] = [name.value];
  for (let step = 0; step < MAX_ALIAS_CHAIN; step++) {
    const head = words[0];
    if (head === undefined || head.startsWith('-') || GIT_COMMANDS.has(head)) break;
    const value = aliasValue(argv, index, head);
    if (value === null) break;
    if (seen.has(head.toLowerCase())) return null;
    seen.add(head.toLowerCase());
    if (value.startsWith('!')) {
      // git runs `sh -c 'BODY "$@"' BODY ARGS…`: the arguments are appended to the text as words.
      const args = [
        ...words.slice(1).map(quoteWord),
        ...rest.map((w) => (w.dynamic.length === 0 ? quoteWord(w.value) : w.raw)),
      ];
      return {
        kind: 'shell',
        text: [value.slice(1), ...args].join(' '),
        partial: rest.some((w) => w.dynamic.length > 0),
      };
    }
    const expansion = splitCommandLine(value);
    if (expansion === null || expansion.length === 0) return null;
    words = [...expansion, ...words.slice(1)];
  }
  if (seen.size === 0) return null;
  if (seen.size >= MAX_ALIAS_CHAIN) return null;
  return { kind: 'git', words: words.map(staticWord), options: words[0]?.startsWith('-') ?? false };
}

/** A wrapper's words (values) ran a `!` alias: the command was parsed out of the alias text. */
export function runsGitShellAlias(words: readonly string[]): boolean {
  const argv = words.map(staticWord);
  let i = 1;
  while (i < argv.length && argv[i]?.value.startsWith('-')) {
    i += GIT_VALUE_OPTIONS.has(argv[i]?.value ?? '') ? 2 : 1;
  }
  return gitAliasCall(argv, i)?.kind === 'shell';
}
