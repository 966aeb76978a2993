/**
 * Finds the end-of-command marks the line-gated shell writes after each approved line
 * (`\x1e<nonce>:<status>\x1e\n`) in the target shell's output, passing everything else through
 * unchanged. A mark split across chunks is held back until it is complete. Pure.
 */
const RS = '\x1e';

export class SentinelFilter {
  private held = '';
  private readonly start: string;
  private readonly mark: RegExp;

  constructor(nonce: string) {
    this.start = `${RS}${nonce}:`;
    this.mark = new RegExp(`^\\x1e${nonce}:(\\d+)\\x1e\\n`);
  }

  /** The text to show, and the statuses of the commands that ended in this chunk, in order. */
  push(text: string): { output: string; ended: number[] } {
    let rest = this.held + text;
    this.held = '';
    let output = '';
    const ended: number[] = [];
    for (;;) {
      const at = rest.indexOf(this.start);
      if (at < 0) break;
      output += rest.slice(0, at);
      const m = this.mark.exec(rest.slice(at));
      if (!m) {
        // Incomplete (or a look-alike that may still complete): hold it while it can still be a mark.
        const tail = rest.slice(at);
        const after = tail.slice(this.start.length);
        const digits = after.endsWith(RS) ? after.slice(0, -1) : after;
        if (tail.length < this.start.length + 16 && /^\d*$/.test(digits)) {
          this.held = tail;
          return { output, ended };
        }
        output += tail.slice(0, 1);
        rest = tail.slice(1);
        continue;
      }
      ended.push(Number(m[1]));
      rest = rest.slice(at + m[0].length);
    }
    // Keep a tail that may be the beginning of a mark.
    for (let n = Math.min(this.start.length - 1, rest.length); n > 0; n--) {
      if (this.start.startsWith(rest.slice(-n))) {
        this.held = rest.slice(-n);
        rest = rest.slice(0, -n);
        break;
      }
    }
    return { output: output + rest, ended };
  }
}
