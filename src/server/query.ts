/**
 * Reading query parameters: the one place every route's parameters are validated. An unknown
 * parameter, one given twice, text the text policy refuses, or a value its schema refuses is a
 * 400 naming the parameter (field "query.<name>").
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { unstorableText } from '../protocol/text.js';
import { ApiError, fromZod } from './errors.js';

type QuerySchema = z.ZodObject<z.ZodRawShape>;

export function readQuery<S extends QuerySchema>(c: Context, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    const field = `query.${name}`;
    const nameProblem = unstorableText(name);
    if (nameProblem !== null)
      throw new ApiError('bad_request', `a query parameter name ${nameProblem}`, 'query');
    if (!(name in schema.shape)) {
      const known = Object.keys(schema.shape);
      throw new ApiError(
        'bad_request',
        `unknown query parameter "${name}"; ${known.length ? `this route takes ${known.join(', ')}` : 'this route takes none'}`,
        field,
      );
    }
    if (values.length > 1)
      throw new ApiError('bad_request', `${field}: given ${values.length} times; give it once`, field);
    const value = values[0] ?? '';
    const problem = unstorableText(value);
    if (problem !== null) throw new ApiError('bad_request', `${field}: ${problem}`, field);
    raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error, 'query');
  return parsed.data;
}

/** Only GET routes take parameters; on any other method a query string is refused outright. */
export function refuseQuery(c: Context): void {
  const name = Object.keys(c.req.queries())[0];
  if (name !== undefined) {
    throw new ApiError(
      'bad_request',
      `unknown query parameter "${name}": ${c.req.method} routes take no query parameters`,
      `query.${name}`,
    );
  }
}
