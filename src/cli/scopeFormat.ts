/**
 * The scope and the effects record as the reviewer reads them in `expacti show`: what the command
 * may do (docs/confinement.md), and what it did — violations first.
 */
import type { EffectsRecord, ExecScope, ExecutionView } from '../protocol/index.js';

export function scopeLines(s: ExecScope): string[] {
  const out = [
    `may write    ${s.write.map((p) => (p === '.' ? './ (the project)' : p === '$TMP' ? '$TMP (the temp dir)' : p)).join(', ')}`,
  ];
  if (s.remove.length) out.push(`may delete   ${s.remove.join(', ')}`);
  out.push(
    s.read === 'all'
      ? 'may read     everything, secrets included'
      : `may read     everything but secrets${s.readSecrets.length ? `; also ${s.readSecrets.join(', ')}` : ''}`,
  );
  out.push(
    `network      ${s.network.mode === 'tcp' ? `TCP ports ${s.network.ports.join(', ')}` : s.network.mode}`,
  );
  out.push(`local sockets ${s.unix}${s.keepEnv.length ? `; keeps ${s.keepEnv.join(', ')}` : ''}`);
  for (const [path, to] of Object.entries(s.resolved ?? {})) out.push(`resolves     ${path} → ${to}`);
  for (const w of s.why) out.push(`why          ${w}`);
  return out;
}

const SHOWN = 40;

export function effectsLines(e: EffectsRecord): string[] {
  const out: string[] = [];
  for (const v of e.violations) out.push(`REFUSED  tried to ${v}`);
  const counts = new Map<string, number>();
  for (const x of e.entries) counts.set(x.op, (counts.get(x.op) ?? 0) + 1);
  out.push(
    `${e.entries.length} operation${e.entries.length === 1 ? '' : 's'} recorded: ${[...counts].map(([op, n]) => `${n} ${op}`).join(', ') || 'none'}${e.dropped ? ` (${e.dropped} more not kept)` : ''}`,
  );
  for (const x of e.entries.slice(0, SHOWN)) {
    const what =
      x.op === 'connect'
        ? x.family === 'unix'
          ? `unix ${x.path ?? ''}`
          : `${x.addr ?? '?'}:${x.port ?? '?'}`
        : `${x.path ?? ''}${x.to ? ` → ${x.to}` : ''}`;
    out.push(`${x.allowed ? '  ' : '✗ '}${x.op.padEnd(8)} ${what}`);
  }
  if (e.entries.length > SHOWN)
    out.push(`… ${e.entries.length - SHOWN} more (expacti show --json lists all)`);
  return out;
}

export function confinementLine(e: ExecutionView): string | null {
  if (!e.confinement) return null;
  if (e.notRun) return `NOT RUN: ${e.notRun}`;
  return e.confinement === 'confined' ? 'ran confined to its scope' : `ran ${e.confinement.toUpperCase()}`;
}
