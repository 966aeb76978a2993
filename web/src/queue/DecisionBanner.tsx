/** A request that is no longer pending: who decided it, when, and with what note. */
import type { RequestView } from '../types.js';
import { ago } from '../ui/format.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';

export function DecisionBanner({ request: r, me }: { request: RequestView; me: string }) {
  const d = r.decision;
  if (!d) return null;
  const who =
    d.by.kind === 'user' ? (
      d.by.name === me ? (
        'you'
      ) : (
        <Faithful text={d.by.name} />
      )
    ) : d.by.kind === 'whitelist' ? (
      'the whitelist'
    ) : d.by.kind === 'policy' ? (
      'policy'
    ) : (
      'expiry'
    );
  return (
    <div className={`banner banner-${r.status}`} role="status" data-testid="decision-banner">
      <strong>
        {r.status === 'expired' ? 'Expired' : r.status === 'approved' ? 'Approved' : 'Denied'} by {who}
      </strong>{' '}
      <span className="muted">{ago(d.at)}</span>
      {d.note ? (
        <p className="note">
          “<FaithfulBlock text={d.note} />”
        </p>
      ) : null}
      {d.by.kind === 'user' ? null : (
        <p className="muted small">
          <Faithful text={d.justification} />
        </p>
      )}
      {r.execution?.finishedAt && (
        <p className="small">
          Ran: exit {r.execution.exitCode ?? r.execution.signal ?? '?'}
          {r.execution.durationMs !== undefined ? ` in ${r.execution.durationMs} ms` : ''}
        </p>
      )}
    </div>
  );
}
