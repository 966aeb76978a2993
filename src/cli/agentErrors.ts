/** How agent-side commands (run, sh) report a client failure: the block on stderr and the exit code. */
import { ExpactiError } from '../client/errors.js';
import { exitFor } from '../agent/exitFor.js';
import { errorBlock } from '../agent/messages.js';
import { EXIT } from '../protocol/exitCodes.js';

export { exitFor };

/** Prints the failure and returns the exit code; anything unexpected is a software error. Nothing ran. */
export function reportFailure(error: unknown, url?: string): number {
  const e =
    error instanceof ExpactiError
      ? error
      : new ExpactiError('bad_response', `internal error: ${String(error)}`);
  process.stderr.write(errorBlock(e, url) + '\n');
  return error instanceof ExpactiError ? exitFor(e) : EXIT.software;
}
