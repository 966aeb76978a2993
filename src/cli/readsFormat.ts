/**
 * A read trail as the reviewer reads it in the terminal (`expacti show`, `expacti session reads`):
 * each read with when, what tool, where from, trust, and its findings marked. Sources and snippets
 * came from outside: shown through the faithful display (hidden characters escaped).
 */
import type { ReadTrail, ReadView } from '../protocol/reads.js';
import { displayInline } from '../protocol/displayText.js';
import { truncate } from './truncate.js';

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} B`;
}

export function readLine(r: ReadView): string[] {
  const mark = r.findings.length ? '!!' : r.taints ? ' !' : '  ';
  const head = `${mark} ${r.at.slice(11, 19)} ${displayInline(r.host)}/${displayInline(r.tool)} ${r.kind} ${truncate(r.source, 100)}`;
  const facts = [
    r.trust === 'untrusted' ? `untrusted: ${r.trustWhy}` : r.trustWhy,
    r.size ? size(r.size) : null,
    r.sha256 ? `sha256 ${r.sha256.slice(0, 12)}` : null,
    r.requestId ? `request ${r.requestId.slice(0, 8)}` : null,
  ].filter(Boolean);
  const out = [head, `      ${facts.join(', ')}`];
  for (const f of r.findings) {
    out.push(`      FINDING ${f.code}: ${f.message}${f.count > 1 ? ` (${f.count}×)` : ''}`);
    for (const s of f.samples ?? []) out.push(`        “${truncate(s, 160)}”`);
  }
  if (r.error) out.push(`      not fully observed: ${displayInline(r.error)}`);
  return out;
}

export function trailLines(trail: ReadTrail): string[] {
  const out: string[] = [];
  out.push(
    trail.tainted
      ? 'TAINTED — the agent read untrusted or instruction-bearing text: high-impact commands are judged higher, wildcard entries allow only read-only commands, nothing beyond read-only is auto-allowed (clear: expacti session clear-taint SESSION)'
      : 'not tainted',
  );
  if (trail.cleared) out.push(`taint last cleared ${trail.cleared.at} by ${displayInline(trail.cleared.by)}`);
  if (trail.reads.length === 0) out.push('  (no reads recorded)');
  for (const r of trail.reads) out.push(...readLine(r));
  return out;
}
