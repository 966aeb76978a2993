/**
 * `expacti run [--reason TEXT] -- CMD [ARGS…]` and `expacti run [--reason TEXT] -c 'SHELL'`.
 * Lean on purpose: this path loads the HTTP client and nothing else.
 */
import type { CommandInput } from '../protocol/api.js';
import { defineCommand, help, usageError } from './args.js';
import { gatedExec } from './gatedExec.js';

export const spec = defineCommand({
  name: 'run',
  summary: 'run a command once it is allowed',
  usage: [
    'run [--reason TEXT] [--record] -- CMD [ARGS…]',
    "run [--reason TEXT] [--record] -c 'SHELL COMMAND'",
  ],
  details:
    'Asks the expacti server first: a whitelisted command runs at once, anything else waits for a reviewer. ' +
    'Nothing runs when the server cannot be reached or says no. Exit codes: docs/exit-codes.md.',
  options: {
    reason: {
      type: 'string',
      short: 'r',
      value: 'TEXT',
      description: 'why the command is needed (reviewers see it)',
    },
    record: {
      type: 'boolean',
      description: 'record its output and store it with the request (also EXPACTI_RECORD=1)',
    },
    c: {
      type: 'string',
      shortOnly: true,
      value: "'SHELL'",
      description: 'run shell text (bash) instead of an argv',
    },
  },
  arguments: { name: 'the command (after --)', min: 0 },
  examples: ['expacti run -- npm test', "expacti run --reason 'clean the build' -c 'rm -rf build && make'"],
});

export function parseRunArgs(
  args: string[],
): { command: CommandInput; reason?: string; record?: boolean } | { error: string } | { help: true } {
  let reason: string | undefined;
  let record = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      const argv = args.slice(i + 1);
      return argv.length === 0
        ? { error: 'no command after --' }
        : { command: { argv }, ...(reason ? { reason } : {}), ...(record ? { record } : {}) };
    }
    if (a === '-c') {
      const shell = args[i + 1];
      if (shell === undefined || shell === '') return { error: '-c needs a shell command string' };
      if (i + 2 < args.length)
        return { error: `unexpected arguments after -c '…': ${args.slice(i + 2).join(' ')}` };
      return { command: { shell }, ...(reason ? { reason } : {}), ...(record ? { record } : {}) };
    }
    if (a === '--reason' || a === '-r') {
      reason = args[++i];
      if (reason === undefined) return { error: '--reason needs a text' };
      continue;
    }
    if (a === '--record') {
      record = true;
      continue;
    }
    if (a.startsWith('--reason=')) {
      reason = a.slice('--reason='.length);
      continue;
    }
    if (a === '-h' || a === '--help') return { help: true };
    if (a.startsWith('-')) return { error: `unknown option ${a} (put the command after --)` };
    return { command: { argv: args.slice(i) }, ...(reason ? { reason } : {}), ...(record ? { record } : {}) };
  }
  return { error: 'no command given' };
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseRunArgs(args);
  if ('help' in parsed) return help(spec).exit;
  if ('error' in parsed) return usageError(spec, parsed.error).exit;
  return gatedExec(parsed);
}
