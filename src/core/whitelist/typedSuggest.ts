/**
 * The typed generalisation of an approved command (docs/whitelist.md): the same command with each
 * argument that is a value of a slot type — a path inside the project, a line range, a number, a
 * test selector, a non-protected branch — written as that slot, everything else literal
 * (options, subcommands, messages, the program). `nl -ba src/app.ts | sed -n '1,120p'` →
 * `nl -ba <path> | sed -n <range>p`. Judged lexically, like the slots themselves: the pattern
 * never covers a path leaving the project, a protected branch, an option or dynamic text, and the
 * confinement scope holds what it runs.
 *
 * None for a command at high or critical (exact-only), one that runs code or text it is given
 * (interpreters, `bash -c`, `ssh`), one with heredocs or substitutions, or where nothing is typed.
 */
import type { Analysis, SimpleCommand, Word } from '../analyzer/types.js';
import { commandText, runsText } from '../analyzer/shell/commandText.js';
import { compoundShape } from './compile.js';
import { slotAccepts, type SlotType } from './slots.js';
import { isOptionValue, packageInstall } from '../context/packages.js';

/** Programs whose operands are code to run: a slot there would generalise over programs. */
// prettier-ignore
const RUNS_CODE = new Set([
  'python', 'python3', 'python2', 'node', 'nodejs', 'deno', 'bun', 'ruby', 'perl', 'php', 'bash', 'sh', 'zsh',
  'dash', 'ksh', 'fish', 'lua', 'Rscript', 'osascript', 'pwsh', 'powershell', 'source', '.', 'eval', 'exec',
  'xargs', 'env', 'sudo', 'doas', 'ssh', 'watch', 'nohup', 'time', 'timeout', 'nice', 'make', 'awk', 'gawk',
  'find', 'parallel', 'docker', 'kubectl', 'npx', 'pnpx', 'bunx', 'uvx', 'pipx',
]);

/** Programs whose operands name remote things (resources, buckets, hosts, URLs), not project paths. */
// prettier-ignore
const NAMES_REMOTE = new Set([
  'kubectl', 'helm', 'oc', 'aws', 'gcloud', 'gsutil', 'az', 'doctl', 'terraform', 'tofu', 'pulumi', 'gh', 'glab',
  'curl', 'wget', 'http', 'https', 'xh', 'scp', 'sftp', 'rsync', 'podman', 'psql', 'mysql', 'redis-cli', 'mongosh',
]);

const TEST_RUNNERS = new Set(['pytest', 'py.test', 'jest', 'vitest', 'mocha', 'ava', 'tap', 'rspec']);

/** git subcommands whose first operand (after options) is a branch name. */
const GIT_BRANCH_FIRST = new Set(['switch', 'branch', 'merge', 'rebase']);
/** Options whose value is a new branch's name. */
const NEW_BRANCH = new Set(['-b', '-B', '-c', '-C', '--create', '--force-create', '--orphan']);
/** Programs whose first operand is a pattern or a program of their own, kept literal. */
const FIRST_IS_PATTERN = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'jq', 'yq', 'sed', 'git']);
/** git subcommands whose second operand (after the remote) is a branch name. */
const GIT_BRANCH_SECOND = new Set(['push', 'pull', 'fetch']);

const PATH_LIKE = /\/|^\.{1,2}$|^[\w.@+-]*\.[A-Za-z][A-Za-z0-9]{0,7}$/;

function slotWord(w: Word, text: string): Word {
  return { raw: text, value: text, dynamic: [], quoted: false, canonical: text };
}

/** The slot a word's value stands for in this command, or null to keep it literal. */
function slotFor(cmd: SimpleCommand, index: number, operand: number): string | null {
  const w = cmd.argv[index] as Word;
  const v = w.value;
  if (w.dynamic.length > 0 || v.startsWith('-') || v === '') return null;
  const program = cmd.program ?? '';
  const sub = cmd.argv[1]?.value ?? '';
  const accepts = (t: SlotType, text = v) => slotAccepts(t, text, {});
  if (program === 'git') {
    const newBranch = NEW_BRANCH.has(cmd.argv[index - 1]?.value ?? '');
    if ((newBranch || (GIT_BRANCH_FIRST.has(sub) && operand === 1)) && accepts('branch')) return '<branch>';
    if (sub === 'checkout' && operand === 1 && !PATH_LIKE.test(v) && accepts('branch')) return '<branch>';
    if (GIT_BRANCH_SECOND.has(sub) && operand === 2 && accepts('branch')) return '<branch>';
  }
  // A registry package of an install (`npm install <package>`): allowed only while the lockfile has it.
  const install = packageInstall(cmd);
  if (install && index >= install.from && !isOptionValue(cmd.argv, index) && accepts('package'))
    return '<package>';
  if (program === 'sed' && /^\d{1,9}(?:,(?:\d{1,9}|\+\d{1,9}|\$))?p$/.test(v)) return '<range>p';
  if (operand === 0 && FIRST_IS_PATTERN.has(program)) return null;
  if (/^\d{1,9}$/.test(v)) return '<int>';
  if (/^\d{1,9},(?:\d{1,9}|\+\d{1,9}|\$)$/.test(v)) return '<range>';
  if (TEST_RUNNERS.has(program) && accepts('test')) return '<test>';
  if (PATH_LIKE.test(v) && !v.includes(' ') && accepts('path')) return '<path>';
  return null;
}

/** The command with its typed arguments as slots, and how many it has. */
function typedCommand(cmd: SimpleCommand): { text: string; slots: number } | null {
  if (cmd.wrappers.some(runsText) || cmd.wrappers.length > 0) return null;
  if (RUNS_CODE.has(cmd.program ?? '') || NAMES_REMOTE.has(cmd.program ?? '')) return null;
  if (cmd.argv.length === 0 || cmd.argv.some((w) => w.dynamic.length > 0 || w.canonical === '')) return null;
  let slots = 0;
  let operand = 0;
  const argv = cmd.argv.map((w, i) => {
    if (i === 0) return w;
    const slot = slotFor(cmd, i, operand);
    if (!w.value.startsWith('-')) operand++;
    if (!slot) return w;
    slots++;
    return slotWord(w, slot);
  });
  return { text: commandText({ ...cmd, argv }), slots };
}

/** Between two top-level commands in the source: their connector (`|`, `&&`, `||`, `;`). */
function connector(gap: string): string | null {
  const g = gap.trim().replace(/\s*\n\s*/g, ';');
  if (['|', '&&', '||', ';', '|&'].includes(g)) return g === ';' ? '; ' : ` ${g} `;
  return null;
}

export function typedSuggestion(
  analysis: Pick<Analysis, 'parsed' | 'canonical' | 'commands' | 'risk' | 'source'>,
): string | null {
  if (!analysis.parsed || analysis.canonical === null || analysis.commands.length === 0) return null;
  if (analysis.commands.some((c) => c.redirects.length > 0)) return null;
  const tiers = analysis.risk.perCommand;
  if (tiers.length !== analysis.commands.length || tiers.some((t) => t === 'high' || t === 'critical'))
    return null;
  if (analysis.commands.length > 1 && compoundShape(analysis.commands) === null) return null;
  const parts = analysis.commands.map(typedCommand);
  if (parts.some((p) => p === null) || parts.every((p) => p && p.slots === 0)) return null;
  if (parts.length === 1) return (parts[0] as { text: string }).text;
  const source = Buffer.from(analysis.source);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      const prev = (analysis.commands[i - 1] as SimpleCommand).span.end;
      const gap = connector(
        source.subarray(prev, (analysis.commands[i] as SimpleCommand).span.start).toString(),
      );
      if (gap === null) return null;
      out += gap;
    }
    out += (parts[i] as { text: string }).text;
  }
  return out;
}
