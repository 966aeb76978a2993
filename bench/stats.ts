/** Shared helpers for benchmarks: percentiles over samples, and the row shape bench/run.ts prints. */
export interface BenchRow {
  name: string;
  /** Human-readable figure, e.g. "median 41 µs (p99 90 µs)" or "ratio 1.18". */
  result: string;
  goal?: string;
  met?: boolean;
  note?: string;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Times `fn` `iterations` times after `warmup` runs; returns per-call nanoseconds. */
export function sampleNs(
  fn: () => unknown,
  iterations: number,
  warmup = Math.min(1000, iterations),
): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out[i] = Number(process.hrtime.bigint() - t0);
  }
  return out;
}

export function fmtNs(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(1)} µs`;
  return `${(ns / 1_000_000).toFixed(2)} ms`;
}
