/**
 * Code that runs without appearing as a command: programs handed code (python -c, awk system(),
 * sed e, tar --checkpoint-action, rg --pre, git -c core.pager, …), environment variables that load
 * code, and shells or interpreters reading their program from a pipe or a file.
 */
import type { Tier } from '../../../protocol/index.js';
import type { SimpleCommand, Word } from '../types.js';
import {
  EXEC_ARBITRARY_CODE,
  EXEC_DECODED_PIPE,
  EXEC_SCRIPT_FILE,
  EXEC_STDIN_SCRIPT,
} from './findingCodes.js';
import { envFindings, type JudgedLater } from './envCode.js';
import { SHELLS, shellArgs } from './shellWrappers.js';
import { programFindings } from './programCode.js';

export interface CodeFinding {
  code: string;
  message: string;
  tier: Tier;
}

/** Programs that turn their input into different text: piped into a shell, it is unknown code. */
const DECODERS = new Set([
  'base64',
  'base32',
  'basenc',
  'xxd',
  'rev',
  'tr',
  'printf',
  'openssl',
  'gzip',
  'gunzip',
  'zcat',
  'bzcat',
  'bunzip2',
  'bzip2',
  'xz',
  'unxz',
  'xzcat',
  'zstd',
  'unzstd',
  'zstdcat',
  'uudecode',
  'iconv',
  'od',
  'sed',
  'awk',
  'gawk',
  'mawk',
  'perl',
  'python',
  'python3',
  'node',
  'ruby',
  'cut',
  'tac',
  'fold',
  'recode',
  'gpg',
]);

/** Interpreters that run a program from standard input when given no script. */
const STDIN_INTERPRETER =
  /^(python[0-9.]*|pypy[0-9.]*|node|nodejs|perl|ruby|php|lua|luajit|rscript|julia|tclsh|osascript|pwsh|powershell|bun|deno|irb|jshell|groovy)$/;

function stdinSource(cmd: SimpleCommand): 'pipe' | 'heredoc' | 'file' | null {
  if ([...cmd.redirects].some((r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<')) return 'heredoc';
  if (cmd.redirects.some((r) => r.op === '<' && (r.fd === null || r.fd === 0))) return 'file';
  if (cmd.pipeline && cmd.pipeline.index > 0) return 'pipe';
  return null;
}

function decodedUpstream(cmd: SimpleCommand): string | null {
  for (const p of cmd.pipeline?.upstream ?? [])
    if (p === null || DECODERS.has(p)) return p ?? 'a dynamic command';
  return null;
}

function pipedScript(cmd: SimpleCommand, what: string): CodeFinding {
  const decoded = decodedUpstream(cmd);
  if (decoded !== null) {
    return {
      code: EXEC_DECODED_PIPE,
      message: `${what} runs text produced by ${decoded}: unknown code`,
      tier: 'critical',
    };
  }
  const from = (cmd.pipeline?.upstream ?? []).filter((p): p is string => p !== null).join(' | ');
  return {
    code: EXEC_STDIN_SCRIPT,
    message: `${what} runs a program read from a pipe (${from})`,
    tier: 'high',
  };
}

/** A script "file" that is the output of a command: `bash <(curl …)`, `source <(…)`. */
function generatedScript(program: string, file: Word | undefined): CodeFinding[] {
  if (!file || !file.dynamic.some((d) => d === 'process-substitution' || d === 'command-substitution'))
    return [];
  return [
    {
      code: EXEC_STDIN_SCRIPT,
      message: `${program} runs a script produced by a command (${file.raw})`,
      tier: 'high',
    },
  ];
}

function shellFindings(cmd: SimpleCommand, program: string): CodeFinding[] {
  if (program === 'source' || program === '.') {
    const generated = generatedScript(program, cmd.argv[1]);
    if (generated.length > 0) return generated;
    return cmd.argv.length > 1
      ? [
          {
            code: EXEC_SCRIPT_FILE,
            message: `${program} runs the script file ${cmd.argv[1]?.value ?? ''} in this shell`,
            tier: 'medium',
          },
        ]
      : [];
  }
  if (!SHELLS.has(program)) return [];
  const args = shellArgs(cmd);
  if (args.command) return [];
  const source = stdinSource(cmd);
  if (args.index < cmd.argv.length && !args.stdin) {
    const generated = generatedScript(program, cmd.argv[args.index]);
    if (generated.length > 0) return generated;
    return [
      {
        code: EXEC_SCRIPT_FILE,
        message: `${program} runs the script file ${cmd.argv[args.index]?.value ?? ''}`,
        tier: 'medium',
      },
    ];
  }
  if (source === 'pipe') return [pipedScript(cmd, program)];
  if (source === 'file')
    return [{ code: EXEC_SCRIPT_FILE, message: `${program} runs a script read from a file`, tier: 'medium' }];
  return [];
}

function positional(argv: readonly Word[]): Word | undefined {
  return argv.slice(1).find((w) => !w.value.startsWith('-') || w.value === '-');
}

function interpreterStdin(cmd: SimpleCommand, program: string): CodeFinding[] {
  if (!STDIN_INTERPRETER.test(program)) return [];
  const script = positional(cmd.argv);
  if (script && script.value !== '-') return [];
  if (cmd.argv.some((w) => w.value === '-m' || w.value === 'eval' || w.value === 'run')) return [];
  const source = stdinSource(cmd);
  if (source === 'pipe') return [pipedScript(cmd, program)];
  if (source === 'heredoc' || source === 'file') {
    return [
      {
        code: EXEC_ARBITRARY_CODE,
        message: `${program} runs a program given on standard input`,
        tier: 'high',
      },
    ];
  }
  return [];
}

/**
 * Every code-execution finding for one (unwrapped) command. `codeRead`: its inline code was read
 * with its grammar (shell/codeCommands.ts judges it), so it is not reported as unknown code here.
 */
export function codeFindings(
  cmd: SimpleCommand,
  codeRead = false,
  judged: JudgedLater = new Map(),
): CodeFinding[] {
  const out = envFindings(cmd, judged);
  const program = cmd.program;
  if (program === null) return out;
  out.push(...shellFindings(cmd, program), ...programFindings(cmd, program, codeRead, judged));
  if (!codeRead && !out.some((f) => f.code === EXEC_ARBITRARY_CODE))
    out.push(...interpreterStdin(cmd, program));
  return out;
}
