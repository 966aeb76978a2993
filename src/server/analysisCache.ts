/**
 * Analysis is a pure function of the command (the analyzer reads nothing else), and agents repeat
 * the same commands all day: a bounded cache of analyses by exact input saves the parse on the
 * whitelisted fast path. Keyed by the exact argv or shell text, so only identical input is reused.
 */
import type { Analysis, CommandAnalyzer } from '../core/analyzer/types.js';
import type { CommandInput } from '../protocol/api.js';
import { deepFreeze } from '../store/frozenJson.js';

export function cachedAnalyzer(inner: CommandAnalyzer, capacity = 2000): CommandAnalyzer {
  // Two generations instead of a strict LRU: a hit in the young one is a single lookup (the LRU's
  // delete and re-insert on every hit showed in the whitelisted path's profile); a hit in the old
  // one moves the analysis to the young one; when the young one is full it becomes the old one and
  // the old one is dropped. What is used stays; at most `capacity` analyses are held.
  const half = Math.max(1, Math.ceil(capacity / 2));
  let young = new Map<string, Analysis>();
  let old = new Map<string, Analysis>();
  const keep = (key: string, analysis: Analysis): void => {
    if (young.size >= half) {
      old = young;
      young = new Map();
    }
    young.set(key, analysis);
  };
  return {
    analyze(input: CommandInput): Analysis {
      const key = 'argv' in input ? `a\0${input.argv.join('\0')}` : `s\0${input.shell}`;
      const hit = young.get(key);
      if (hit) return hit;
      const aged = old.get(key);
      if (aged) {
        old.delete(key);
        keep(key, aged);
        return aged;
      }
      const analysis = inner.analyze(input);
      keep(key, analysis);
      return analysis;
    },
    view: (analysis) => inner.view(analysis),
  };
}

/**
 * Values computed from an analysis alone (its view, its proposed scope, whether it runs a script
 * file): with the cache above the same analysis object comes back for a repeated command, so each
 * is computed once per analysis, not once per submission. Object results are frozen deeply: they
 * are shared by every later submission of the command, and code that tried to change one would
 * throw instead of changing another request's record.
 */
const DERIVED = new WeakMap<Analysis, Map<symbol, unknown>>();

export function derivedOf<T>(analysis: Analysis, slot: symbol, compute: () => T): T {
  let values = DERIVED.get(analysis);
  if (!values) DERIVED.set(analysis, (values = new Map()));
  if (values.has(slot)) return values.get(slot) as T;
  const value = deepFreeze(compute());
  values.set(slot, value);
  return value;
}
