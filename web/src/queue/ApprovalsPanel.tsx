/**
 * What the team policy asks of a request (issue 11): the rules that applied, the approvals it needs
 * ("1 of 2 approvals (from dba)"), who voted, escalation and whether it may be whitelisted.
 */
import type { RequestView } from '../types.js';
import { Faithful } from '../ui/Faithful.js';

export function ApprovalsPanel({ request }: { request: RequestView }) {
  const policy = request.policy;
  if (!policy || (policy.rules.length === 0 && !request.votes?.length)) return null;
  const progress = request.approvals;
  return (
    <section className="approvals" aria-labelledby="approvals-title" data-testid="approvals">
      <h3 id="approvals-title">Team policy{progress && progress.need > 1 ? `: ${progress.summary}` : ''}</h3>
      <ul>
        {policy.rules.map((r) => (
          <li key={r.name}>
            rule <code>{r.name}</code>
            {r.match === 'possible' ? ' (applies until the runtime facts show otherwise)' : ''}
          </li>
        ))}
        {policy.requirements.map((r) => (
          <li key={`need-${r.rule}`}>
            needs {r.approvals} approval{r.approvals === 1 ? '' : 's'}
            {r.from ? ` from ${r.from.join(' or ')}` : ''}
          </li>
        ))}
        {policy.whitelist === 'forbid' && <li>may not be whitelisted</li>}
        {policy.escalate.map((e) => (
          <li key={`esc-${e.to}-${e.afterSeconds}`}>
            escalates to {e.to} after {e.afterSeconds} s
          </li>
        ))}
      </ul>
      {request.votes && request.votes.length > 0 && (
        <ul className="votes" aria-label="Votes">
          {request.votes.map((v) => (
            <li key={v.userId} data-testid="vote">
              {v.vote === 'approve' ? 'approved' : 'denied'} by <Faithful text={v.name} />
              {v.groups.length ? ` (${v.groups.join(', ')})` : ''}
              {v.note ? (
                <>
                  : <Faithful text={v.note} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
