/** "Would have matched N past commands", with the distinct commands listed. */
import type { WhitelistPreview } from '../types.js';
import { ago } from '../ui/format.js';
import { TierBadge } from '../ui/TierBadge.js';

import { Faithful, FaithfulBlock } from '../ui/Faithful.js';

export function WhitelistPreviewList({
  preview,
  error,
}: {
  preview: WhitelistPreview | null;
  error: string;
}) {
  if (error)
    return (
      <p className="error" role="alert">
        <Faithful text={error} />
      </p>
    );
  if (!preview) return <p className="muted">Checking the history…</p>;
  return (
    <section className="preview" aria-live="polite" data-testid="whitelist-preview">
      <p>
        <strong>
          Would have matched {preview.matched} past command{preview.matched === 1 ? '' : 's'}
        </strong>{' '}
        <span className="muted">(of the last {preview.scanned})</span>
      </p>
      {preview.examples.length > 0 && (
        <ul className="mini-rows">
          {preview.examples.map((m) => (
            <li key={m.id}>
              <TierBadge tier={m.tier} />
              <code>
                <FaithfulBlock text={m.commandText} />
              </code>
              <span className="muted">
                <Faithful text={m.agent} /> · {m.times > 1 ? `${m.times}× · ` : ''}
                {ago(m.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
