/** Which day labels an x axis shows: evenly spaced, never closer than `minGap` (SVG units), and always the last day. */
export function dayTicks(count: number, plotWidth: number, minGap = 48): number[] {
  if (count <= 0) return [];
  const step = plotWidth / Math.max(1, count - 1);
  const every = Math.max(1, Math.ceil(minGap / Math.max(step, 0.0001)));
  const ticks: number[] = [];
  for (let i = 0; i < count; i += every) ticks.push(i);
  const last = count - 1;
  if (ticks[ticks.length - 1] !== last) {
    // Keep the last day (today); drop the tick before it if they would touch.
    if (ticks.length > 0 && (last - (ticks[ticks.length - 1] ?? 0)) * step < minGap) ticks.pop();
    ticks.push(last);
  }
  return ticks;
}

/** Few points: each gets its value written beside it (a lone bar or dot says nothing on its own). */
export const LABEL_VALUES_UP_TO = 12;
