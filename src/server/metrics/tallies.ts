/**
 * Counts and latencies recorded on the request path without allocating: each label combination is
 * fixed when the table is made and has a slot in a typed array, so recording is an index and an
 * increment. Prometheus reads them at scrape time (serverMetrics.ts) as counters and histograms.
 */

/** Label values in a fixed order, e.g. [['allowed', 'denied'], ['low', 'high']]. */
export type LabelSpace = ReadonlyArray<readonly string[]>;

function slots(space: LabelSpace): number {
  return space.reduce((n, values) => n * values.length, 1);
}

/** Every label combination with its slot index, for export. */
export function* combinations(
  names: readonly string[],
  space: LabelSpace,
): Generator<{ slot: number; labels: Record<string, string> }> {
  const total = slots(space);
  for (let slot = 0; slot < total; slot++) {
    const indexes: number[] = [];
    let rest = slot;
    for (let i = space.length - 1; i >= 0; i--) {
      const size = (space[i] as readonly string[]).length;
      indexes[i] = rest % size;
      rest = Math.floor(rest / size);
    }
    const labels: Record<string, string> = {};
    indexes.forEach(
      (index, i) => (labels[names[i] as string] = (space[i] as readonly string[])[index] as string),
    );
    yield { slot, labels };
  }
}

/** The slot of a label combination (indexes into each dimension's values); -1 for an unknown value. */
export function slotOf(space: LabelSpace, indexes: readonly number[]): number {
  let slot = 0;
  for (let i = 0; i < space.length; i++) {
    const size = (space[i] as readonly string[]).length;
    const index = indexes[i] as number;
    if (index < 0 || index >= size) return -1;
    slot = slot * size + index;
  }
  return slot;
}

export class CountTable {
  readonly counts: Float64Array;
  constructor(
    readonly labelNames: readonly string[],
    readonly space: LabelSpace,
  ) {
    this.counts = new Float64Array(slots(space));
  }

  add(slot: number, n = 1): void {
    if (slot >= 0) this.counts[slot] = (this.counts[slot] as number) + n;
  }
}

export class LatencyTable {
  /** Per slot: one count per bucket (upper bounds in seconds, then +Inf), then the sum. */
  private readonly data: Float64Array;
  private readonly width: number;

  constructor(
    readonly labelNames: readonly string[],
    readonly space: LabelSpace,
    readonly buckets: readonly number[],
  ) {
    this.width = buckets.length + 2;
    this.data = new Float64Array(slots(space) * this.width);
  }

  observe(slot: number, seconds: number): void {
    if (slot < 0) return;
    const base = slot * this.width;
    let b = 0;
    while (b < this.buckets.length && seconds > (this.buckets[b] as number)) b++;
    this.data[base + b] = (this.data[base + b] as number) + 1;
    this.data[base + this.width - 1] = (this.data[base + this.width - 1] as number) + seconds;
  }

  /** Cumulative bucket counts (Prometheus `le` semantics), the count and the sum of one slot. */
  read(slot: number): { cumulative: number[]; count: number; sum: number } {
    const base = slot * this.width;
    const cumulative: number[] = [];
    let running = 0;
    for (let b = 0; b <= this.buckets.length; b++) {
      running += this.data[base + b] as number;
      cumulative.push(running);
    }
    return { cumulative, count: running, sum: this.data[base + this.width - 1] as number };
  }
}
