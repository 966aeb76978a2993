/**
 * The one text policy, for every text the API takes in (body fields at any depth, object keys,
 * query parameters) and for every text a store writes: no NUL character (U+0000) and no lone
 * UTF-16 surrogate. PostgreSQL cannot store the first in a text column at all, and neither store
 * can store the second as it was sent (the driver writes UTF-8, which replaces it with U+FFFD) —
 * so accepting either would make the two stores disagree, or make the command that runs differ
 * from the command that was approved. Neither can reach a real program anyway: argv and shell text
 * are C strings to the kernel, and UTF-8 has no encoding for a lone surrogate.
 *
 * Every other character is accepted, control characters included: they are stored as they came,
 * the analysis reports them as findings, and the CLI and dashboard show them escaped.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be accepted, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which expacti accepts in no text';
  if (LONE_SURROGATE.test(text))
    return 'contains a lone UTF-16 surrogate (not valid Unicode), which expacti accepts in no text';
  return null;
}

export interface TextProblem {
  /** Dotted path of the offending value, e.g. "command.argv.1" (a key: its parent's path). */
  field: string;
  reason: string;
}

/** The first string in a parsed JSON value (keys included) that the policy refuses, or null. */
export function findUnstorableText(value: unknown, path: readonly string[] = []): TextProblem | null {
  if (typeof value === 'string') {
    const reason = unstorableText(value);
    return reason === null ? null : { field: path.join('.'), reason };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      const keyReason = unstorableText(key);
      if (keyReason !== null) return { field: path.join('.'), reason: `has a key that ${keyReason}` };
      const found = findUnstorableText(member, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
