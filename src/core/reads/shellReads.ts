/**
 * Shell commands that bring outside text into the session (issue 25): `curl URL`, `wget`, `git
 * clone` or `pull`/`fetch` of a URL, `gh issue view`, `cat` of a file outside the project, package
 * installs. Judged on the analysis (words, never the command string). A read whose text reaches the
 * command's stdout can be scanned by `expacti run` as it passes (`toStdout`).
 */
import type { Analysis, SimpleCommand, Word } from '../analyzer/types.js';
import type { ReadKind } from '../../protocol/reads.js';
import { commandText } from '../analyzer/shell/commandText.js';
import { parseArgs, valueOf, type ParsedArgs } from '../context/argv.js';
import { classifyPath } from './trust.js';

export interface ShellRead {
  kind: ReadKind;
  /** URL, path or command text. */
  source: string;
  /** Its text reaches the command's stdout (no -o, no redirect of stdout). */
  toStdout: boolean;
  /** Which entry of analysis.commands. */
  command: number;
}

const CURL_VALUES = [
  ...['-o', '--output', '-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '-H', '--header'],
  ...['-X', '--request', '-F', '--form', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-T'],
  ...['--upload-file', '-x', '--proxy', '-m', '--max-time', '-w', '--write-out', '--connect-timeout'],
  ...['--retry', '-b', '--cookie', '-c', '--cookie-jar', '-K', '--config', '--cacert', '--cert', '--key'],
  ...['-r', '--range', '--resolve', '-E', '--output-dir', '-z', '--time-cond', '-Y', '-y'],
];
const WGET_VALUES = [
  ...['-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '-P', '--directory-prefix'],
  ...['-U', '--user-agent', '--header', '-e', '--execute', '-t', '--tries', '-T', '--timeout', '-i'],
  ...['--input-file', '--post-data', '--post-file', '--user', '--password', '-l', '--level'],
];
const HTTPIE = new Set(['http', 'https', 'xh', 'xhs']);
const PRINTERS = new Set(['cat', 'head', 'tail', 'less', 'more', 'bat', 'batcat', 'nl', 'tac']);
const GIT_GLOBAL_VALUES = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path'];
const GIT_CLONE_VALUES = [
  ...['-b', '--branch', '--depth', '-o', '--origin', '--reference', '-c', '--config', '-j', '--jobs'],
  ...['--template', '--separate-git-dir', '-u', '--upload-pack', '--filter', '--shallow-since'],
];

const isStatic = (w: Word) => w.dynamic.every((d) => d === 'tilde');
const looksLikeUrl = (v: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(v);
const looksLikeRemote = (v: string) => looksLikeUrl(v) || /^[\w.-]+@[\w.-]+:/.test(v);

function stdoutRedirected(cmd: SimpleCommand): boolean {
  return cmd.redirects.some(
    (r) =>
      ((r.op === '>' || r.op === '>>' || r.op === '>|') && (r.fd === null || r.fd === 1)) ||
      r.op === '&>' ||
      r.op === '&>>',
  );
}

function curlReads(cmd: SimpleCommand, i: number): ShellRead[] {
  const args = parseArgs(cmd.argv, CURL_VALUES);
  const output = valueOf(args, '-o', '--output');
  const toFile =
    (output !== undefined && output.value !== '-') ||
    ['-O', '--remote-name', '--remote-name-all', '-J'].some((f) => args.flags.has(f));
  return args.operands.map((w) => ({
    kind: 'url' as const,
    source: w.value,
    toStdout: !toFile && !stdoutRedirected(cmd),
    command: i,
  }));
}

function wgetReads(cmd: SimpleCommand, i: number): ShellRead[] {
  const args = parseArgs(cmd.argv, WGET_VALUES);
  const doc = valueOf(args, '-O', '--output-document');
  return args.operands.map((w) => ({
    kind: 'url' as const,
    source: w.value,
    toStdout: doc?.value === '-' && !stdoutRedirected(cmd),
    command: i,
  }));
}

function httpieReads(cmd: SimpleCommand, i: number): ShellRead[] {
  const args = parseArgs(cmd.argv, ['-a', '--auth', '-o', '--output', '--session']);
  const url = args.operands.find((w) => looksLikeUrl(w.value) || /^[\w-]+(\.[\w-]+)+(\/|:|$)/.test(w.value));
  if (!url) return [];
  return [
    { kind: 'url', source: url.value, toStdout: !args.flags.has('-o') && !stdoutRedirected(cmd), command: i },
  ];
}

function gitReads(cmd: SimpleCommand, i: number): ShellRead[] {
  const global = parseArgs(cmd.argv, GIT_GLOBAL_VALUES);
  const sub = global.operands[0];
  if (!sub) return [];
  const at = cmd.argv.indexOf(sub);
  if (sub.value === 'clone') {
    const repo = parseArgs(cmd.argv, GIT_CLONE_VALUES, at + 1).operands[0];
    return repo ? [{ kind: 'url', source: repo.value, toStdout: false, command: i }] : [];
  }
  if (sub.value === 'pull' || sub.value === 'fetch') {
    const remote = parseArgs(cmd.argv, ['--depth', '-j', '--jobs', '-o', '--server-option'], at + 1)
      .operands[0];
    return remote && looksLikeRemote(remote.value)
      ? [{ kind: 'url', source: remote.value, toStdout: false, command: i }]
      : [];
  }
  return [];
}

function ghReads(cmd: SimpleCommand, i: number, args: ParsedArgs): ShellRead[] {
  const [group, verb] = args.operands.map((w) => w.value);
  const issueText =
    ((group === 'issue' || group === 'pr') && ['view', 'diff', 'list', 'status'].includes(verb ?? '')) ||
    group === 'api';
  return issueText
    ? [{ kind: 'issue', source: commandText(cmd), toStdout: !stdoutRedirected(cmd), command: i }]
    : [];
}

function printerReads(cmd: SimpleCommand, i: number, cwd: string): ShellRead[] {
  const args = parseArgs(cmd.argv, ['-n', '--lines', '-c', '--bytes']);
  return args.operands
    .filter((w) => isStatic(w) && w.value !== '-' && classifyPath(w.value, cwd).trust === 'untrusted')
    .map((w) => ({ kind: 'file' as const, source: w.value, toStdout: !stdoutRedirected(cmd), command: i }));
}

/** The reads among the commands of an analysis (run in `cwd`), in command order. */
export function shellReads(analysis: Pick<Analysis, 'commands' | 'risk'>, cwd: string): ShellRead[] {
  const out: ShellRead[] = [];
  analysis.commands.forEach((cmd, i) => {
    const p = cmd.program;
    if (p === null) return;
    if (p === 'curl') out.push(...curlReads(cmd, i));
    else if (p === 'wget') out.push(...wgetReads(cmd, i));
    else if (HTTPIE.has(p)) out.push(...httpieReads(cmd, i));
    else if (p === 'git') out.push(...gitReads(cmd, i));
    else if (p === 'gh') out.push(...ghReads(cmd, i, parseArgs(cmd.argv, ['-R', '--repo'])));
    else if (PRINTERS.has(p)) out.push(...printerReads(cmd, i, cwd));
    else if (
      (analysis.risk.categories?.[i] ?? []).includes('package-install') &&
      analysis.risk.reasons.some((r) => r.code === 'package.install' || r.code === 'package.global-install')
    )
      out.push({ kind: 'package', source: commandText(cmd), toStdout: false, command: i });
  });
  return out;
}

export interface ShellReadExample {
  shell: string;
  /** The kinds of the reads expected, in order (empty: not a read). */
  reads: ReadKind[];
  toStdout?: boolean;
}

/** Checked against the real parser by test/reads.test.ts (CONVENTIONS §5). */
export const SHELL_READ_EXAMPLES: readonly ShellReadExample[] = [
  { shell: 'curl -s https://example.com/page', reads: ['url'], toStdout: true },
  { shell: 'curl -o page.html https://example.com/page', reads: ['url'], toStdout: false },
  { shell: 'curl https://example.com/page > page.html', reads: ['url'], toStdout: false },
  { shell: 'wget -qO- https://example.com/x', reads: ['url'], toStdout: true },
  { shell: 'wget https://example.com/x.tar.gz', reads: ['url'], toStdout: false },
  { shell: 'git clone https://github.com/someone/thing', reads: ['url'] },
  { shell: 'git pull https://github.com/someone/thing main', reads: ['url'] },
  { shell: 'git pull', reads: [] },
  { shell: 'git status', reads: [] },
  { shell: 'gh issue view 12', reads: ['issue'], toStdout: true },
  { shell: 'gh pr list', reads: ['issue'] },
  { shell: 'cat /etc/hosts', reads: ['file'], toStdout: true },
  { shell: 'cat node_modules/left-pad/README.md', reads: ['file'] },
  { shell: 'cat README.md', reads: [] },
  { shell: 'npm install left-pad', reads: ['package'] },
  { shell: 'npm test', reads: [] },
  { shell: 'ls -la', reads: [] },
];
