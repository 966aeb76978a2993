/** The earlier commands of the request's session, newest first, so the reviewer sees where it comes from. */
import { useEffect, useState } from 'react';
import { get } from '../api.js';
import type { RequestView } from '../types.js';
import { href } from '../router.js';
import { ago } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { TierBadge } from '../ui/TierBadge.js';
import { FaithfulBlock } from '../ui/Faithful.js';

export function SessionHistory({ request }: { request: RequestView }) {
  const [earlier, setEarlier] = useState<RequestView[] | null>(null);
  const session = request.session;
  useEffect(() => {
    if (!session) return;
    let live = true;
    get<{ requests: RequestView[] }>(
      `/v1/requests?session=${encodeURIComponent(session)}&before=${encodeURIComponent(request.createdAt)}&limit=15`,
    ).then(
      (r) => live && setEarlier(r.requests.filter((x) => x.id !== request.id)),
      () => live && setEarlier([]),
    );
    return () => {
      live = false;
    };
  }, [session, request.id, request.createdAt]);
  if (!session) return null;
  return (
    <section className="session-history" aria-labelledby="sh-title">
      <h3 id="sh-title">
        Earlier in this session <a href={href({ page: 'session', session })}>timeline →</a>
      </h3>
      {earlier === null ? (
        <p className="muted">Loading…</p>
      ) : earlier.length === 0 ? (
        <p className="muted">This is the session's first command.</p>
      ) : (
        <ol className="mini-rows">
          {earlier.map((r) => (
            <li key={r.id}>
              <span className="when">{ago(r.createdAt)}</span>
              <StatusBadge request={r} />
              <TierBadge tier={r.analysis.tier} />
              <code>
                <FaithfulBlock text={r.commandText} />
              </code>
              {r.execution?.exitCode !== undefined && r.execution.exitCode !== null ? (
                <span className={`exit ${r.execution.exitCode === 0 ? '' : 'bad'}`}>
                  exit {r.execution.exitCode}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
