/**
 * `expacti undo REQUEST`: puts the project back as it was before a project-mode auto-allowed
 * command ran (the checkpoint taken on this machine before it ran: docs/policies.md).
 */
import { readCheckpoint, undoCheckpoint } from '../agent/checkpoint.js';
import { EXIT } from '../protocol/exitCodes.js';
import { print, printError } from './output.js';
import { defineCommand, parseCommand } from './args.js';

export const spec = defineCommand({
  name: 'undo',
  summary: 'restore the project as it was before a project-mode auto-allowed command',
  usage: ['undo REQUEST_ID'],
  details:
    'Puts back the checkpoint taken on this machine before a project-mode auto-allowed command ran: its ' +
    'files, HEAD and the index (docs/policies.md). REQUEST_ID is the id `expacti run` printed.',
  options: {},
  arguments: {
    name: 'REQUEST_ID (the id `expacti run` printed for a project-mode auto-allow)',
    min: 1,
    max: 1,
  },
  examples: ['expacti undo 3f0c9a52-1b7e-4c2a-9d51-0e6f3a2b8c41'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const id = parsed.positionals[0] as string;
  const checkpoint = readCheckpoint(id);
  if (!checkpoint) {
    printError(
      `expacti undo: no checkpoint for request ${id} on this machine (only project-mode auto-allows take one)`,
    );
    return EXIT.usage;
  }
  try {
    const r = undoCheckpoint(checkpoint);
    print(
      `undone: ${checkpoint.root} is as it was before request ${id} (${r.restored} file${r.restored === 1 ? '' : 's'} restored, ${r.removed} removed; HEAD and the index too)`,
    );
    return 0;
  } catch (error) {
    printError(`expacti undo: ${(error as Error).message}`);
    return EXIT.software;
  }
}
