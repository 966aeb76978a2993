import type { RequestView } from '../types.js';

/** What happened to a request, with "auto" for whitelist decisions. */
export function StatusBadge({ request }: { request: RequestView }) {
  const auto = request.decision?.by.kind === 'whitelist';
  const label = auto ? (request.status === 'approved' ? 'auto-allowed' : 'auto-denied') : request.status;
  return <span className={`status status-${auto ? 'auto' : request.status}`}>{label}</span>;
}
