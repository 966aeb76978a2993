/** Reads test/corpus/tiers.tsv: command<TAB>tier<TAB>why, with \t \n \\ escapes in the command. */
import { readFileSync } from 'node:fs';
import { isTier, type Tier } from '../src/protocol/tiers.js';

export interface TierCase {
  line: number;
  command: string;
  tier: Tier;
  why: string;
}

export function unescapeCommand(text: string): string {
  return text.replace(/\\([tn\\])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\'));
}

export function readTierCorpus(path = new URL('./corpus/tiers.tsv', import.meta.url)): TierCase[] {
  const out: TierCase[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '' || raw.startsWith('#')) return;
      const [command, tier, why] = raw.split('\t');
      if (command === undefined || !isTier(tier) || !why)
        throw new Error(`tiers.tsv line ${i + 1}: expected command<TAB>tier<TAB>why`);
      out.push({ line: i + 1, command: unescapeCommand(command), tier, why });
    });
  return out;
}
