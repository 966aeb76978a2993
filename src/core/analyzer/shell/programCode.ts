/** Options and arguments through which a program runs code it is handed (exec.arbitrary-code). */
import type { SimpleCommand, Word } from '../types.js';
import type { CodeFinding } from './codeExec.js';
import { EXEC_ARBITRARY_CODE } from './findingCodes.js';
import { laterFinding, type JudgedLater } from './envCode.js';
import { perlRunsOnlySubstitutions } from './perlSubstitution.js';

/** Options taking code, per interpreter (also matched attached: `-cprint(1)`, `--eval=…`). */
const CODE_OPTIONS: Array<[RegExp, string[]]> = [
  [/^(python[0-9.]*|pypy[0-9.]*)$/, ['-c']],
  [/^(node|nodejs|bun)$/, ['-e', '--eval', '-p', '--print']],
  [/^(php)$/, ['-r']],
  [/^(lua|luajit|rscript|osascript|groovy|elixir)$/, ['-e']],
  [/^(julia)$/, ['-e', '--eval', '-E', '--print']],
  [/^(pwsh|powershell)$/, ['-c', '-command', '-encodedcommand', '-e', '-ec']],
  [/^(gdb)$/, ['-ex', '--ex', '-eval-command', '--eval-command', '-x']],
  [/^(expect)$/, ['-c']],
  [/^(man)$/, ['-P', '--pager', '-H', '--html']],
  [/^(rsync)$/, ['-e', '--rsh', '--rsync-path']],
  [/^(scp|sftp)$/, ['-S']],
  [/^(zip)$/, ['-TT', '--unzip-command']],
  [/^(tcpdump)$/, ['-z']],
  [/^(rg|ripgrep)$/, ['--pre']],
  [/^(vim|vi|nvim|view|ex|gvim|vimdiff|rvim)$/, ['-c', '--cmd', '-S']],
  [/^(emacs|emacsclient|xemacs)$/, ['--eval', '-eval', '-l', '--load', '-f', '--funcall', '--script', '-x']],
  [/^(tclsh|wish|jimsh)$/, ['-c']],
  [/^(guile|racket|sbcl|clisp|ecl|chicken|csi|gosh|scheme)$/, ['-c', '-e', '--eval', '--execute']],
  [/^(ghc|runghc|runhaskell)$/, ['-e']],
];

const OPTIONS_BY_PROGRAM = new Map<string, string[] | null>();

/** The code-taking options of a program (memoized: the table is a list of patterns). */
function codeOptions(program: string): string[] | null {
  let options = OPTIONS_BY_PROGRAM.get(program);
  if (options === undefined) {
    options = CODE_OPTIONS.find(([re]) => re.test(program))?.[1] ?? null;
    if (OPTIONS_BY_PROGRAM.size < 10_000) OPTIONS_BY_PROGRAM.set(program, options);
  }
  return options;
}

/**
 * Perl and ruby take -e inside option clusters (-ne, -lane, -pe). Scanning a cluster stops at an
 * option whose argument is the rest of the word (`ruby -Itest` is a load path, not -e); options
 * with optional digits or suffixes (-l, -0, -i) do not stop the scan, so `perl -lane …` and the
 * ambiguous `perl -pie …` are still flagged.
 */
const CLUSTER: Record<string, { code: string; restIsArgument: string }> = {
  perl: { code: 'eE', restIsArgument: 'IMmxCdDF' },
  // ruby -E is the encoding, not code
  ruby: { code: 'e', restIsArgument: 'IrCEFx' },
};

function clusterRunsCode(program: string, value: string): boolean {
  const rules = CLUSTER[program];
  if (!rules || !value.startsWith('-') || value.startsWith('--')) return false;
  for (const ch of value.slice(1)) {
    if (rules.code.includes(ch)) return true;
    if (rules.restIsArgument.includes(ch)) return false;
  }
  return false;
}

function code(program: string, what: string): CodeFinding {
  return { code: EXEC_ARBITRARY_CODE, message: `${program} ${what}`, tier: 'high' };
}

function hasOption(argv: readonly Word[], options: readonly string[], caseless: boolean): string | null {
  for (const w of argv.slice(1)) {
    const v = caseless ? w.value.toLowerCase() : w.value;
    for (const o of options) {
      if (
        v === o ||
        v.startsWith(o + '=') ||
        (!o.startsWith('--') && o.length === 2 && v.startsWith(o) && !v.startsWith('--'))
      )
        return o;
    }
  }
  return null;
}

function awkFindings(cmd: SimpleCommand, program: string): CodeFinding[] {
  const argv = cmd.argv;
  if (argv.some((w) => w.value === '-f' || w.value.startsWith('--file')))
    return [code(program, 'runs an awk program from a file')];
  let i = 1;
  while (i < argv.length && argv[i]?.value.startsWith('-'))
    i += ['-v', '-F', '-W'].includes(argv[i]?.value ?? '') ? 2 : 1;
  const prog = argv[i];
  if (!prog) return [];
  if (prog.dynamic.length > 0) return [code(program, 'runs an awk program that is not known before it runs')];
  if (/\bsystem\s*\(|\|/.test(prog.value))
    return [code(program, 'program runs commands (system() or a pipe)')];
  return [];
}

/** sed commands that run (e) or write (w, W) and the s///e and s///w flags. */
function sedScriptRuns(script: string): boolean {
  if (/(^|[;\n{}]|\d|\$|\/)\s*!?\s*[eWw](\s|$|;)/.test(script)) return true;
  if (/(^|[;\n{}])\s*[eWw]\s/.test(script)) return true;
  return /s(.)(?:\\.|(?!\1).)*\1(?:\\.|(?!\1).)*\1[gpiImM0-9]*[ew]/.test(script);
}

function sedFindings(cmd: SimpleCommand, program: string): CodeFinding[] {
  const argv = cmd.argv;
  if (argv.some((w) => w.value === '--sandbox')) return [];
  const scripts: Word[] = [];
  let explicit = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (!w) continue;
    if (w.value === '-e' || w.value === '--expression') {
      explicit = true;
      const s = argv[i + 1];
      if (s) scripts.push(s);
      i++;
    } else if (w.value.startsWith('--expression=')) {
      explicit = true;
      scripts.push({ ...w, value: w.value.slice('--expression='.length) });
    } else if (w.value === '-f' || w.value.startsWith('--file'))
      return [code(program, 'runs a sed script from a file')];
  }
  if (!explicit) {
    const first = argv.slice(1).find((w) => !w.value.startsWith('-'));
    if (first) scripts.push(first);
  }
  for (const s of scripts) {
    if (s.dynamic.length > 0) return [code(program, 'script is not known before it runs')];
    if (sedScriptRuns(s.value))
      return [code(program, 'script runs commands or writes files (e, w, W or s///e, s///w)')];
  }
  return [];
}

function tarFindings(cmd: SimpleCommand, program: string): CodeFinding[] {
  for (const w of cmd.argv.slice(1)) {
    const v = w.value;
    if (
      /^--(checkpoint-action|to-command|use-compress-program|info-script|new-volume-script|rsh-command|rmt-command)\b/.test(
        v,
      )
    ) {
      return [code(program, `${v.split('=', 1)[0] ?? v} runs a command`)];
    }
    if (/^-[A-Za-z]*[IF]/.test(v) && !v.startsWith('--')) return [code(program, '-I/-F runs a command')];
  }
  return [];
}

function sshFindings(cmd: SimpleCommand, program: string): CodeFinding[] {
  for (let i = 1; i < cmd.argv.length; i++) {
    const w = cmd.argv[i];
    const v =
      w?.value === '-o' ? (cmd.argv[i + 1]?.value ?? '') : w?.value.startsWith('-o') ? w.value.slice(2) : '';
    if (/^\s*(ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand|ProxyUseFdpass)\b/i.test(v)) {
      return [code(program, `-o ${v.split(/[\s=]/, 1)[0] ?? ''} runs a local command`)];
    }
  }
  return [];
}

function lessFindings(cmd: SimpleCommand, program: string): CodeFinding[] {
  if (cmd.argv.slice(1).some((w) => w.value.startsWith('+')))
    return [code(program, '+commands can run shell commands')];
  return [];
}

/** git -c keys that run programs (case-insensitive, as git reads them). */
const GIT_CODE_KEYS =
  /^(core\.(pager|fsmonitor|sshcommand|editor|hookspath|askpass|gitproxy|alternaterefscommand)|alias\..+|pager\..+|diff\..+\.(textconv|command)|diff\.external|merge\..+\.driver|filter\..+\.(clean|smudge|process)|credential(\..+)?\.helper|sequence\.editor|gpg(\..+)?\.program|uploadpack\.packobjectshook|remote\..+\.(uploadpack|receivepack|proxy)|include(if\..+)?\.path|protocol\..+\.allow|interactive\.difffilter|web\.browser|browser\..+\.(cmd|path)|man\..+\.(cmd|path)|sendemail\..+|http\.proxy)$/i;

function gitFindings(cmd: SimpleCommand, judged: JudgedLater): CodeFinding[] {
  const out: CodeFinding[] = [];
  // The git options that apply: those of git itself, or of the git layer this command came out of
  // directly (not of a git that merely started the pager or editor this command is part of).
  const last = cmd.wrappers[cmd.wrappers.length - 1];
  for (const wrapper of cmd.wrappers) {
    if (wrapper.program !== 'git' || (cmd.program !== 'git' && wrapper !== last)) continue;
    const words =
      wrapper.argv ?? wrapper.words.map((v) => ({ raw: v, value: v, dynamic: [], quoted: false }));
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (!w) continue;
      let pair: Word | undefined;
      if (w.value === '-c') pair = words[++i];
      else if (w.value.startsWith('-c') && w.value.length > 2) pair = { ...w, value: w.value.slice(2) };
      else if (w.value === '--config-env' || w.value.startsWith('--config-env=')) {
        out.push(code('git', '--config-env sets configuration from the environment (may run code)'));
        continue;
      }
      if (!pair) continue;
      const key = pair.value.split('=', 1)[0] ?? '';
      if (pair.dynamic.length > 0 || GIT_CODE_KEYS.test(key)) {
        const judgedAs = pair.dynamic.length > 0 ? undefined : judged.get(`git -c ${key}`.toLowerCase());
        const f = laterFinding(judgedAs, code('git', `-c ${key}=… runs a program`));
        if (f) out.push(f);
      }
    }
  }
  for (const w of cmd.argv.slice(1)) {
    if (/^--(upload-pack|receive-pack|exec)(=|$)/.test(w.value) || /^--(ext-diff|textconv)$/.test(w.value)) {
      out.push(code(cmd.program ?? 'git', `${w.value.split('=', 1)[0] ?? ''} runs a program`));
    }
  }
  return out;
}

/** `codeRead`: the command's inline code was read with its grammar (its options are not unknown code). */
export function programFindings(
  cmd: SimpleCommand,
  program: string,
  codeRead = false,
  judged: JudgedLater = new Map(),
): CodeFinding[] {
  const out = gitFindings(cmd, judged);
  if (
    !(codeRead && program === 'ruby') &&
    cmd.argv.slice(1).some((w) => clusterRunsCode(program, w.value)) &&
    !(program === 'perl' && perlRunsOnlySubstitutions(cmd.argv))
  )
    out.push(code(program, '-e runs the code given on the command line'));
  const options = codeRead ? null : codeOptions(program);
  if (options) {
    const o = hasOption(cmd.argv, options, /^(pwsh|powershell)$/.test(program));
    // A pager or viewer named there (`man -P cat`) runs nothing else (shell/laterText.ts).
    const f = o
      ? laterFinding(
          judged.get(`${program} ${o}`.toLowerCase()),
          code(program, `${o} runs the code or command given on the command line`),
        )
      : null;
    if (f) out.push(f);
  }
  if (program === 'deno' && cmd.argv[1]?.value === 'eval' && !codeRead)
    out.push(code(program, 'eval runs the code given on the command line'));
  if (/^(awk|gawk|mawk|nawk|busybox-awk)$/.test(program)) out.push(...awkFindings(cmd, program));
  if (/^(sed|gsed)$/.test(program)) out.push(...sedFindings(cmd, program));
  if (/^(tar|gtar|bsdtar)$/.test(program)) out.push(...tarFindings(cmd, program));
  if (program === 'ssh') out.push(...sshFindings(cmd, program));
  if (program === 'less' || program === 'more') out.push(...lessFindings(cmd, program));
  return out;
}
