/** The pending requests as a list of compact rows. */
import type { RequestView } from '../types.js';
import { TierBadge } from '../ui/TierBadge.js';
import { Countdown } from './Countdown.js';
import { effectiveTier } from './order.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';

interface Props {
  requests: RequestView[];
  selectedId: string | null;
  onSelect: (r: RequestView) => void;
}

export function QueueList({ requests, selectedId, onSelect }: Props) {
  if (requests.length === 0) return <p className="muted pad">No pending requests.</p>;
  return (
    <ol className="rows" data-testid="queue">
      {requests.map((r) => (
        <li key={r.id}>
          <button
            className={`row ${r.id === selectedId ? 'selected' : ''}`}
            aria-current={r.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(r)}
            data-request-id={r.id}
          >
            <span className="row-top">
              <TierBadge tier={effectiveTier(r)} score={r.analysis.score} />
              <span className="agent">
                <Faithful text={r.agent.name} />
              </span>
              <Countdown until={r.expiresAt} compact />
            </span>
            <code className="row-cmd">
              <FaithfulBlock text={r.commandText} />
            </code>
            {r.reason ? (
              <span className="row-reason">
                <Faithful text={r.reason} />
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ol>
  );
}
