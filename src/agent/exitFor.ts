/** The exit code for a client failure (nothing ran), shared by `expacti run`, `sh` and the SSH gateway. */
import type { ExpactiError } from '../client/errors.js';
import { EXIT } from '../protocol/exitCodes.js';

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
