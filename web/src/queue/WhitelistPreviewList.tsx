/**
 * "Would have matched N past commands", with what happened to each: denials first (who denied it,
 * and the note), then approvals (by whom), expiries and auto-allows — so that a reviewer widening a
 * pattern sees what colleagues refused.
 */
import type { PreviewMatch, WhitelistPreview } from '../types.js';
import { ago } from '../ui/format.js';
import { TierBadge } from '../ui/TierBadge.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';

function outcomeText(m: PreviewMatch): string {
  const o = m.outcomes;
  const parts: string[] = [];
  if (o.approved)
    parts.push(
      `approved ×${o.approved}${m.last.status === 'approved' && m.last.by ? ` (last by ${m.last.by})` : ''}`,
    );
  if (o.whitelisted) parts.push(`auto-allowed ×${o.whitelisted}`);
  if (o.expired) parts.push(`expired ×${o.expired}`);
  if (o.pending) parts.push(`pending ×${o.pending}`);
  return parts.join(' · ');
}

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
      {preview.deniedCommands > 0 && (
        <p className="warn" role="alert" data-testid="preview-denied-warning">
          {preview.deniedCommands} of them {preview.deniedCommands === 1 ? 'was' : 'were'} denied by a
          reviewer. This pattern would let {preview.deniedCommands === 1 ? 'it' : 'them'} run without asking.
        </p>
      )}
      {preview.examples.length > 0 && (
        <ul className="mini-rows preview-rows">
          {preview.examples.map((m) => (
            <li key={m.id} className={m.outcomes.denied > 0 ? 'denied' : ''}>
              <TierBadge tier={m.tier} />
              <code>
                <FaithfulBlock text={m.commandText} />
              </code>
              <span className="muted">
                <Faithful text={m.agent} /> · {m.times > 1 ? `${m.times}× · ` : ''}
                {ago(m.createdAt)}
              </span>
              {m.denials.map((d, i) => (
                <span key={i} className="denial" data-testid="preview-denial">
                  denied by <Faithful text={d.by} />
                  {d.note ? (
                    <>
                      : “<Faithful text={d.note} />”
                    </>
                  ) : null}{' '}
                  <span className="muted">{ago(d.at)}</span>
                </span>
              ))}
              {outcomeText(m) ? <span className="small outcome">{outcomeText(m)}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
