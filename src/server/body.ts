/** Reading a JSON body against its schema: malformed JSON and each bad field become a 400 naming it. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, fromZod } from './errors.js';

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (error) {
    if ((error as { name?: string }).name === 'HTTPException') throw error;
    throw new ApiError('bad_request', 'the body is not valid JSON');
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
