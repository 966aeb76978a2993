/**
 * Analysis is a pure function of the command (the analyzer reads nothing else), and agents repeat
 * the same commands all day: a bounded LRU of analyses by exact input saves the parse on the
 * whitelisted fast path. Keyed by the exact argv or shell text, so only identical input is reused.
 */
import type { Analysis, CommandAnalyzer } from '../core/analyzer/types.js';
import type { CommandInput } from '../protocol/api.js';

export function cachedAnalyzer(inner: CommandAnalyzer, capacity = 2000): CommandAnalyzer {
  const cache = new Map<string, Analysis>();
  return {
    analyze(input: CommandInput): Analysis {
      const key = 'argv' in input ? `a\0${input.argv.join('\0')}` : `s\0${input.shell}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const analysis = inner.analyze(input);
      cache.set(key, analysis);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return analysis;
    },
    view: (analysis) => inner.view(analysis),
  };
}
