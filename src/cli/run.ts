/**
 * `expacti run [--reason TEXT] -- CMD [ARGS…]` and `expacti run [--reason TEXT] -c 'SHELL'`.
 * Lean on purpose: this path loads the HTTP client and nothing else.
 */
import { EXIT } from '../protocol/exitCodes.js';
import type { CommandInput } from '../protocol/api.js';
import { gatedExec } from './gatedExec.js';

const USAGE = `usage: expacti run [--reason TEXT] -- CMD [ARGS…]
       expacti run [--reason TEXT] -c 'SHELL COMMAND'
Runs the command once the expacti server allows it (whitelist or reviewer); exit codes: docs/exit-codes.md`;

export function parseRunArgs(args: string[]): { command: CommandInput; reason?: string } | { error: string } {
  let reason: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      const argv = args.slice(i + 1);
      return argv.length === 0
        ? { error: 'no command after --' }
        : { command: { argv }, ...(reason ? { reason } : {}) };
    }
    if (a === '-c') {
      const shell = args[i + 1];
      if (shell === undefined || shell === '') return { error: '-c needs a shell command string' };
      if (i + 2 < args.length)
        return { error: `unexpected arguments after -c '…': ${args.slice(i + 2).join(' ')}` };
      return { command: { shell }, ...(reason ? { reason } : {}) };
    }
    if (a === '--reason' || a === '-r') {
      reason = args[++i];
      if (reason === undefined) return { error: '--reason needs a text' };
      continue;
    }
    if (a.startsWith('--reason=')) {
      reason = a.slice('--reason='.length);
      continue;
    }
    if (a === '-h' || a === '--help') return { error: '' };
    if (a.startsWith('-')) return { error: `unknown option ${a} (put the command after --)` };
    return { command: { argv: args.slice(i) }, ...(reason ? { reason } : {}) };
  }
  return { error: 'no command given' };
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseRunArgs(args);
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error ? `expacti run: ${parsed.error}\n` : ''}${USAGE}\n`);
    return parsed.error ? EXIT.usage : 0;
  }
  return gatedExec(parsed);
}
