/**
 * Collects a stream's bytes up to a limit, keeping the beginning and the end (where errors
 * usually are) and counting what was dropped in between.
 */
export interface BoundedText {
  text: string;
  /** Bytes the command wrote in total. */
  bytes: number;
  /** Bytes left out of `text` (0 when nothing was cut). */
  omitted: number;
}

export class BoundedOutput {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const headRoom = Math.ceil(this.limit / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const keep = Math.floor(this.limit / 2);
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= keep && this.tail.length > 1) {
      this.tailBytes -= (this.tail.shift() as Buffer).length;
    }
  }

  result(): BoundedText {
    const head = Buffer.concat(this.head);
    const tailAll = Buffer.concat(this.tail);
    const keep = Math.floor(this.limit / 2);
    const tail = tailAll.length > keep ? tailAll.subarray(tailAll.length - keep) : tailAll;
    const omitted = this.total - head.length - tail.length;
    const text =
      omitted > 0
        ? `${head.toString('utf8')}\n[… ${omitted} bytes omitted …]\n${tail.toString('utf8')}`
        : head.toString('utf8') + tail.toString('utf8');
    return { text, bytes: this.total, omitted };
  }
}
