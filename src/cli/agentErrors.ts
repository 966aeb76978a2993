/** How agent-side commands (run, sh) report a client failure: the block on stderr and the exit code. */
import { ExpactiError } from '../client/errors.js';
import { EXIT } from '../protocol/exitCodes.js';
import { errorBlock } from '../agent/messages.js';

export function exitFor(error: ExpactiError): number {
  switch (error.code) {
    case 'config':
    case 'unauthorized':
      return EXIT.config;
    case 'unavailable':
      return EXIT.unavailable;
    case 'timeout':
      return EXIT.expired;
    case 'rejected':
      return error.status === 403 ? EXIT.config : EXIT.rejected;
    case 'aborted':
      return 130;
    case 'bad_response':
      return EXIT.software;
  }
}

/** Prints the failure and returns the exit code; anything unexpected is a software error. Nothing ran. */
export function reportFailure(error: unknown, url?: string): number {
  const e =
    error instanceof ExpactiError
      ? error
      : new ExpactiError('bad_response', `internal error: ${String(error)}`);
  process.stderr.write(errorBlock(e, url) + '\n');
  return error instanceof ExpactiError ? exitFor(e) : EXIT.software;
}
