/**
 * `expacti undo REQUEST`: puts the project back as it was before a project-mode auto-allowed
 * command ran (the checkpoint taken on this machine before it ran: docs/policies.md).
 */
import { readCheckpoint, undoCheckpoint } from '../agent/checkpoint.js';
import { EXIT } from '../protocol/exitCodes.js';
import { print, printError } from './output.js';

export async function main(args: string[]): Promise<number> {
  const [id, ...rest] = args;
  if (!id || rest.length > 0 || id.startsWith('-')) {
    printError(
      'usage: expacti undo REQUEST_ID   (the id `expacti run` printed for a project-mode auto-allow)',
    );
    return EXIT.usage;
  }
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
