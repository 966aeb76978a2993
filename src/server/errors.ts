/**
 * The server's one error family that crosses the wire, and the one place that maps every failure
 * to an HTTP response (CONVENTIONS §3).
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { WIRE_ERROR_STATUS } from '../protocol/errors.js';
import type { WireErrorBody, WireErrorCode } from '../protocol/errors.js';
import { StoreInvalidTextError, StoreUnavailableError } from '../store/errors.js';
import type { Log } from './log.js';

export class ApiError extends Error {
  constructor(
    readonly code: WireErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
    /** For 429: whole seconds until another attempt may succeed (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 429 with the wait, in whole seconds (at least 1), in the message, details and Retry-After. */
export function tooManyRequests(
  message: string,
  seconds: number,
  details: Record<string, unknown> = {},
): ApiError {
  const wait = Math.max(1, Math.ceil(seconds));
  return new ApiError('too_many_requests', message, undefined, { retryAfter: wait, ...details }, wait);
}

/**
 * A local error: the client disconnected (or was cut by the request timeout) before its body
 * arrived in full. Nobody is left to answer; it is logged as what it is, not as an internal error.
 */
export class ClientGoneError extends Error {
  constructor(
    readonly request: string,
    readonly receivedBytes: number,
    cause: unknown,
  ) {
    super(`the client went away after sending ${receivedBytes} bytes of the body of ${request}`, { cause });
    this.name = 'ClientGoneError';
  }
}

export const badRequest = (message: string, field?: string) => new ApiError('bad_request', message, field);
export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);
export const forbidden = (message: string) => new ApiError('forbidden', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new ApiError('conflict', message, undefined, details);

export function fromZod(error: ZodError, prefix = ''): ApiError {
  const issue = error.issues[0];
  const field = issue ? [prefix, ...issue.path.map(String)].filter(Boolean).join('.') : prefix || undefined;
  const message = issue
    ? issue.code === 'unrecognized_keys'
      ? `unknown field(s): ${issue.keys.join(', ')}`
      : issue.code === 'invalid_union' && field === 'command'
        ? 'command must be {"argv": ["prog", "arg", …]} or {"shell": "…"}'
        : issue.message
    : 'invalid body';
  return new ApiError('bad_request', field ? `${field}: ${message}` : message, field);
}

/** `log`: a log bound to the request (its id, method and route). */
export function toWireError(error: unknown, log: Log): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) {
    log.warn({ err: error }, 'the database is unavailable: answered 503');
    return new ApiError('unavailable', 'the database is unavailable; nothing was changed, try again shortly');
  }
  if (error instanceof ClientGoneError) {
    log.info({ receivedBytes: error.receivedBytes }, `client disconnected: ${error.message}`);
    return new ApiError('bad_request', 'the request body did not arrive in full');
  }
  if (error instanceof StoreInvalidTextError) {
    return new ApiError('bad_request', `the request carries text that cannot be stored: ${error.message}`);
  }
  const name = (error as { name?: string } | null)?.name;
  if (name === 'HTTPException') {
    const status = (error as { status?: number }).status;
    if (status === 413) return new ApiError('payload_too_large', 'the request body is too large');
  }
  log.error({ err: error }, 'internal error: answered 500');
  return new ApiError('internal', 'internal error; nothing was changed (see the server log)');
}

export function errorResponse(c: Context, error: ApiError): Response {
  // Every 429 says when to come back.
  if (error.code === 'too_many_requests') c.header('retry-after', String(error.retryAfterSeconds ?? 1));
  return c.json(wireErrorBody(error), WIRE_ERROR_STATUS[error.code]);
}

/** The body an error is answered with (its status: WIRE_ERROR_STATUS[error.code]). */
export function wireErrorBody(error: ApiError): WireErrorBody {
  const body: WireErrorBody = { error: { code: error.code, message: error.message } };
  if (error.field !== undefined) body.error.field = error.field;
  if (error.details !== undefined) body.error.details = error.details;
  return body;
}
