/** Durations on the command line: 90s, 30m, 12h, 7d (or plain seconds). */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return n > 0 ? n * unit : null;
}
