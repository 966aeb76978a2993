/** Checking pattern text before it is stored, with a message a user can act on. */
import type { Analysis } from '../analyzer/types.js';
import { compilePattern, type CompileFn } from './compile.js';
import { buildWhitelistIndex } from './index.js';

export type PatternCheck = { ok: true; exact: boolean; canonical: string } | { ok: false; message: string };

export function validatePattern(text: string, compile: CompileFn): PatternCheck {
  if (text.trim() === '')
    return { ok: false, message: 'the pattern is empty: write the command it should allow' };
  const result = compilePattern(text, compile);
  if (!result.ok) return result;
  return { ok: true, exact: result.pattern.exact, canonical: result.pattern.canonical };
}

/**
 * Whether `text` is a valid pattern that, as an allow entry, would allow this analysed command (for
 * "approve and whitelist with this pattern": a pattern that does not cover the command is refused).
 */
export function checkPattern(
  text: string,
  analysis: Pick<Analysis, 'parsed' | 'commands' | 'canonical' | 'risk' | 'findings'>,
  compile: CompileFn,
): PatternCheck {
  const valid = validatePattern(text, compile);
  if (!valid.ok) return valid;
  const index = buildWhitelistIndex(
    [{ effect: 'allow', pattern: text, exact: false, agent: null, expiresAt: null, disabled: false }],
    compile,
  );
  const decision = index.match(analysis, { agent: '', now: 0 });
  if (decision.decision === 'allow') return valid;
  return {
    ok: false,
    message: `the pattern does not cover this command: ${decision.decision === 'none' ? decision.why : 'denied'}`,
  };
}
