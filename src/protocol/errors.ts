/**
 * Errors that cross the wire: a stable code and a message a user can act on.
 * The server maps every failure to one of these in exactly one place (server/errorHandler.ts).
 */
export const WIRE_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type WireErrorCode = keyof typeof WIRE_ERROR_STATUS;

export interface WireErrorBody {
  error: {
    code: WireErrorCode;
    message: string;
    /** The request field at fault, for bad_request (e.g. "command.argv"). */
    field?: string;
    /** Extra facts, e.g. who decided a request already decided (conflict). */
    details?: Record<string, unknown>;
  };
}
