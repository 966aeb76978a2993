/**
 * `expacti sh -c 'COMMAND' [NAME [ARG…]]` (also the `expacti-sh` bin): a drop-in for `sh -c` that
 * asks first. Same stdio, environment, exit status and death by signal as the shell; the command
 * runs under bash (the grammar the server analyses). Plain `-c STRING` is submitted as the shell
 * string, so whitelist entries for it apply; with shell options or positional arguments the whole
 * shell invocation is submitted (reviewers must see what `$1` will be).
 */
import { shellFor } from '../agent/exec.js';
import type { CommandInput } from '../protocol/api.js';
import { defineCommand, help, usageErrorText } from './args.js';
import { gatedExec } from './gatedExec.js';
import { terminalSafe } from '../protocol/displayText.js';

export const spec = defineCommand({
  name: 'sh',
  summary: 'like sh -c, but asks first (also the expacti-sh bin)',
  usage: ["sh [-eux… | -o OPTION | --login] -c 'COMMAND' [NAME [ARG…]]"],
  details:
    'A drop-in for `sh -c`: the command runs under bash once the expacti server allows it, with the ' +
    'same stdio, environment and exit status (docs/integrations/shell.md). Like sh, a usage error exits 2. ' +
    '-h is the shell option (hashall) when -c follows; alone, or --help first, it shows this help.',
  options: {
    c: { type: 'string', shortOnly: true, value: "'COMMAND'", description: 'the command string (required)' },
    o: {
      type: 'string',
      shortOnly: true,
      value: 'OPTION',
      description: 'a shell option (set -o), e.g. pipefail',
    },
    login: { type: 'boolean', description: 'run as a login shell' },
  },
  arguments: { name: 'NAME and ARGs ($0, $1, …)', min: 0 },
  examples: [
    "expacti sh -c 'npm ci && npm test'",
    'SHELL=expacti-sh make deploy   # or: make SHELL=expacti-sh',
  ],
});

/** Options that only change how the command string runs (never read another script or stdin). */
const FLAGS = new Set([
  'a',
  'b',
  'e',
  'f',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  't',
  'u',
  'v',
  'x',
  'B',
  'C',
  'E',
  'H',
  'P',
  'T',
]);
const LONG = new Set(['--login', '--noprofile', '--norc', '--posix', '--noediting']);

/** sh's own exit status for a usage error. */
const SH_USAGE = 2;

export function parseShArgs(args: string[]): { command: CommandInput | null } | { error: string } {
  let commandMode = false;
  let plain = true;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (LONG.has(a)) {
      plain = false;
      continue;
    }
    if (a === '-o' || a === '+o') {
      if (args[i + 1] === undefined) return { error: `${a} needs an option name` };
      plain = false;
      i++;
      continue;
    }
    if (a.startsWith('--'))
      return {
        error: `unsupported option ${a}: only command strings are supported: expacti sh -c 'COMMAND'`,
      };
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    for (const flag of a.slice(1)) {
      if (flag === 'c' && a.startsWith('-')) commandMode = true;
      else if (FLAGS.has(flag)) plain = false;
      else return { error: `unsupported option ${a[0]}${flag}` };
    }
  }
  if (!commandMode)
    return {
      error:
        "only command strings are supported: expacti sh -c 'COMMAND' (to run a script file: expacti run -- sh FILE)",
    };
  const shell = args[i];
  if (shell === undefined) return { error: '-c: option requires an argument' };
  if (plain && i === args.length - 1) {
    // Like sh, an empty command string runs nothing and succeeds: nothing to ask about.
    return { command: shell.trim() === '' ? null : { shell } };
  }
  return { command: { argv: [shellFor(), ...args] } };
}

export async function main(args: string[]): Promise<number> {
  if (args[0] === '--help' || (args.length === 1 && args[0] === '-h')) return help(spec).exit;
  const parsed = parseShArgs(args);
  if ('error' in parsed) {
    process.stderr.write(terminalSafe(usageErrorText(spec, parsed.error)));
    return SH_USAGE;
  }
  if (parsed.command === null) return 0;
  return gatedExec({ command: parsed.command, quiet: true, reraiseSignal: true });
}
