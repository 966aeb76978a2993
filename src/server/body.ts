/**
 * Reading a JSON body against its schema: malformed JSON, text the text policy refuses
 * (protocol/text.ts) and each bad field become a 400 naming it.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { z } from 'zod';
import { LIMITS } from '../protocol/api.js';
import { findUnstorableText } from '../protocol/text.js';
import { ApiError, ClientGoneError, fromZod } from './errors.js';

/** 413, and the connection closes: the rest of the body stays unread, so it cannot be reused. */
export function tooLarge(
  c: Context,
  message = `the body is over ${LIMITS.bodyBytes} bytes; commands may be at most ${LIMITS.commandBytes} bytes`,
): ApiError {
  c.header('connection', 'close');
  return new ApiError('payload_too_large', message);
}

/** The raw body, capped. Reads Node's request stream directly when there is one (no web streams). */
async function readText(c: Context, limit = LIMITS.bodyBytes, over?: string): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > limit) throw tooLarge(c, over);
    return text;
  }
  const text = await readIncoming(incoming, limit, `${c.req.method} ${c.req.path}`);
  if (text === null) throw tooLarge(c, over);
  return text;
}

/**
 * The body of a Node request as UTF-8 text, or null when it is over `limit` bytes (the rest is
 * left unread: the connection cannot be reused). Rejects with ClientGoneError when the client went
 * away before sending all of it. `request` names it in that error ("POST /v1/requests").
 */
export async function readIncoming(
  incoming: IncomingMessage,
  limit: number,
  request: string,
): Promise<string | null> {
  // Plain stream events rather than `for await`: the async iterator costs a few percent of the
  // whitelisted fast path (its promise and listener plumbing), for bodies of one or two chunks.
  const chunks: Buffer[] = [];
  let size = 0;
  const whole = await new Promise<boolean>((resolve, reject) => {
    const done = (error?: unknown, over = false) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
      if (error === undefined) resolve(!over);
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        incoming.pause();
        done(undefined, true);
      } else chunks.push(chunk);
    };
    const onEnd = () => done();
    // The stream fails or closes early only when the client went away (or was cut by the request
    // timeout).
    const onError = (error: unknown) => done(new ClientGoneError(request, size, error));
    const onClose = () => {
      if (!incoming.complete) done(new ClientGoneError(request, size, new Error('aborted')));
    };
    if (incoming.readableEnded) return done();
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
  if (!whole) return null;
  return decodeUtf8(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes that are not UTF-8 are refused, not silently replaced by U+FFFD (what runs is what was sent). */
function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ApiError('bad_request', 'the body is not valid UTF-8');
  }
}

/** A body that is not JSON (a recording), as UTF-8 text of at most `limit` bytes. */
export function readTextBody(c: Context, limit: number, over: string): Promise<string> {
  return readText(c, limit, over);
}

/** No API body nests anywhere near this deep; deeper ones are refused before anything recurses into them. */
const MAX_DEPTH = 64;

/** Whether JSON text nests arrays and objects deeper than `max` (strings skipped; linear, no recursion). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseBody(await readText(c), schema);
}

/**
 * A JSON body's text checked against its schema: too deep, not JSON, text the text policy refuses
 * and each bad field are a 400 naming it.
 */
export function parseBody<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  if (nestsDeeperThan(text, MAX_DEPTH))
    throw new ApiError('bad_request', `the body nests arrays or objects deeper than ${MAX_DEPTH} levels`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'the body is not valid JSON');
  }
  // One text policy for every field, before any schema: both stores then see the same text.
  const refused = findUnstorableText(raw);
  if (refused) {
    const field = refused.field || undefined;
    throw new ApiError('bad_request', `${field ?? 'the body'}: ${refused.reason}`, field);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs; anything else cannot name a record, so it is "not found" rather than a crash. */
export function idParam(c: Context, what: string): string {
  const id = c.req.param('id') ?? '';
  if (!UUID.test(id)) throw new ApiError('not_found', `${what} not found (ids are UUIDs)`);
  return id.toLowerCase();
}
