/** SQL analysis: the statements SQL client commands carry, parsed with libpg-query (injected). */
import type { SqlEffectsFn } from '../contracts.js';
import type { SqlEffect } from '../types.js';
import { effectsOf } from './effects.js';
import { extractSql } from './extract.js';

export { extractSql, isSqlClient, type SqlText } from './extract.js';

/** Every SQL effect of the commands, in order. Never throws: a failure becomes an UNKNOWN effect. */
export const sqlEffects: SqlEffectsFn = (commands, _source, parser) => {
  const out: SqlEffect[] = [];
  for (const text of extractSql(commands)) {
    try {
      out.push(...effectsOf(parser, text));
    } catch (error) {
      out.push({
        statement: 'UNKNOWN',
        tables: [],
        notes: ['parse-error'],
        summary: `SQL analysis failed (${error instanceof Error ? error.message : String(error)})`,
        text: text.text,
        command: text.command,
        readOnly: false,
      });
    }
  }
  return out;
};
