/**
 * The demo's terminal narration: what the agent does, what the gate decided and why, with colour
 * on a terminal (not with NO_COLOR or in a pipe) and a progress line per step. Every piece of text
 * that came from elsewhere (commands, reasons, notes, command output) is shown by the display rule
 * (protocol/displayText.ts) before any colour is added, so it cannot carry escapes of its own.
 */
import type { RequestView } from '../protocol/api.js';
import type { Tier } from '../protocol/tiers.js';
import { displayInline, terminalSafe } from '../protocol/displayText.js';

type Style = 'bold' | 'dim' | 'green' | 'cyan' | 'yellow' | 'magenta' | 'red' | 'blue' | 'reverse';
const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  green: [32, 39],
  cyan: [36, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  red: [31, 39],
  blue: [34, 39],
  reverse: [7, 27],
};
const TIER_STYLE: Record<Tier, Style> = {
  safe: 'green',
  low: 'cyan',
  medium: 'yellow',
  high: 'magenta',
  critical: 'red',
};

/** A piece of a line: plain text, or text with styles. All text is shown by the display rule. */
type Piece = string | [string, ...Style[]];

export class Narrator {
  readonly color: boolean;

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {
    this.color = out.isTTY === true && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb';
  }

  line(...pieces: Piece[]): void {
    const text = pieces
      .map((p) => {
        if (typeof p === 'string') return terminalSafe(p);
        const [t, ...styles] = p;
        const safe = terminalSafe(t);
        if (!this.color || styles.length === 0) return safe;
        return styles.reduceRight((s, st) => `\x1b[${CODES[st][0]}m${s}\x1b[${CODES[st][1]}m`, safe);
      })
      .join('');
    this.out.write(text + '\n');
  }

  blank(): void {
    this.out.write('\n');
  }

  tier(t: Tier): Piece {
    return [t.toUpperCase(), TIER_STYLE[t], 'bold'];
  }

  intro(lines: Array<[string, string]>): void {
    this.line(
      ['expacti demo', 'bold'],
      ' — an agent works in a sandbox; every command goes through the gate.',
    );
    for (const [k, v] of lines) this.line('  ', [k.padEnd(10), 'dim'], ' ', displayInline(v));
    this.blank();
  }

  scene(n: number, total: number, title: string): void {
    this.blank();
    this.line(['━━ ', 'blue'], [`Task ${n}/${total}: ${title}`, 'bold', 'blue'], [' ━━', 'blue']);
  }

  progress(done: number, total: number): void {
    const width = 20;
    const filled = Math.round((done / total) * width);
    this.line(
      ['[', 'dim'],
      ['█'.repeat(filled), 'blue'],
      ['░'.repeat(width - filled), 'dim'],
      [`] step ${done}/${total}`, 'dim'],
    );
  }

  says(text: string): void {
    this.line(['  agent  ', 'cyan', 'bold'], displayInline(text));
  }

  command(text: string): void {
    this.line(['  $ ', 'dim'], [displayInline(text), 'bold']);
  }

  gate(...pieces: Piece[]): void {
    this.line(['  gate   ', 'yellow', 'bold'], ...pieces);
  }

  why(text: string): void {
    this.line(['         ', 'dim'], [`↳ ${displayInline(text)}`, 'dim']);
  }

  output(text: string, max = 3): void {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    for (const l of lines.slice(0, max))
      this.line(['         │ ', 'dim'], [displayInline(l).slice(0, 120), 'dim']);
    if (lines.length > max) this.line(['         │ ', 'dim'], [`… ${lines.length - max} more lines`, 'dim']);
  }

  /** A request waiting for a reviewer: tier, the reasons that matter, the runtime facts. */
  pending(r: RequestView): void {
    this.gate(
      ['waits for a reviewer', 'bold'],
      ' · ',
      this.tier(r.analysis.tier),
      ` (score ${r.analysis.score})`,
    );
    const reasons = [...r.analysis.reasons, ...(r.context?.assessment?.reasons ?? [])];
    const seen = new Set<string>();
    for (const reason of reasons) {
      const key = `${reason.code}|${reason.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.line(
        '         ',
        reason.tier ? this.tier(reason.tier) : ['·', 'dim'],
        ' ',
        [`[${reason.code}]`, 'dim'],
        ' ',
        displayInline(reason.message).slice(0, 200),
      );
      if (seen.size >= 6) break;
    }
  }

  reviewer(text: string): void {
    this.line(['  you    ', 'magenta', 'bold'], displayInline(text));
  }

  ok(text: string): void {
    this.line(['  ✓ ', 'green', 'bold'], displayInline(text));
  }

  warn(text: string): void {
    this.line(['  ! ', 'red', 'bold'], displayInline(text));
  }
}
