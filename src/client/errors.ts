/** The client's local error family: a typed code, and a message an agent or a person can act on. */
import type { WireErrorCode } from '../protocol/errors.js';

export type ClientErrorCode =
  /** The server could not be reached, or answered 503. */
  | 'unavailable'
  /** Missing, unknown or revoked token. */
  | 'unauthorized'
  /** The server refused the request (4xx other than 401); `wire` has its code. */
  | 'rejected'
  /** The server's answer could not be understood. */
  | 'bad_response'
  /** No decision arrived in time. */
  | 'timeout'
  /** The caller aborted. */
  | 'aborted'
  /** No server URL or token configured. */
  | 'config';

export class ExpactiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status?: number,
    readonly wire?: { code: WireErrorCode; field?: string; details?: Record<string, unknown> },
  ) {
    super(message);
    this.name = 'ExpactiError';
  }
}
