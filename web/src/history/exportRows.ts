/** History export: JSON lines (one RequestView per line) and CSV (the columns a spreadsheet needs). */
import type { RequestView } from '../types.js';

export function toJsonLines(rows: RequestView[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

const COLUMNS: Array<[string, (r: RequestView) => string | number | null | undefined]> = [
  ['id', (r) => r.id],
  ['created_at', (r) => r.createdAt],
  ['agent', (r) => r.agent.name],
  ['host', (r) => r.host],
  ['cwd', (r) => r.cwd],
  ['session', (r) => r.session],
  ['command', (r) => r.commandText],
  ['reason', (r) => r.reason],
  ['tier', (r) => r.analysis.tier],
  ['score', (r) => r.analysis.score],
  ['status', (r) => r.status],
  ['decided_by', (r) => decidedBy(r)],
  ['decided_at', (r) => r.decision?.at],
  ['note', (r) => r.decision?.note],
  ['exit_code', (r) => r.execution?.exitCode],
  ['duration_ms', (r) => r.execution?.durationMs],
  ['confinement', (r) => r.execution?.confinement],
  ['scope_violations', (r) => r.execution?.effects?.violations.join('; ')],
  ['operations_recorded', (r) => r.execution?.effects?.entries.length],
];

export function decidedBy(r: RequestView): string {
  const by = r.decision?.by;
  if (!by) return '';
  if (by.kind === 'user') return by.name;
  if (by.kind === 'whitelist') return `whitelist (${by.approvedBy})`;
  if (by.kind === 'policy') return `policy ${by.rule}`;
  return 'expiry';
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // A cell a spreadsheet would run as a formula is quoted as text.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: RequestView[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const r of rows) lines.push(COLUMNS.map(([, get]) => cell(get(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}
