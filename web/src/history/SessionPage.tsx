/** One agent session as a timeline: each command, its risk, the decision and how it ran. */
import { useEffect, useState } from 'react';
import { errorText, get } from '../api.js';
import type { RequestView } from '../types.js';
import { href } from '../router.js';
import { stamp } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { TierBadge } from '../ui/TierBadge.js';
import { decidedBy } from './exportRows.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';
import { RecordingList } from '../recordings/RecordingList.js';

export function SessionPage({ session }: { session: string }) {
  const [rows, setRows] = useState<RequestView[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    get<{ requests: RequestView[] }>(`/v1/requests?session=${encodeURIComponent(session)}&limit=1000`).then(
      (r) => setRows([...r.requests].sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
      (e: unknown) => setError(errorText(e)),
    );
  }, [session]);
  const agents = [...new Set((rows ?? []).map((r) => r.agent.name))].join(', ');
  return (
    <section className="page" aria-labelledby="session-title">
      <p>
        <a href="#/history">← History</a>
      </p>
      <h1 id="session-title">
        Session{' '}
        <code>
          <Faithful text={session} />
        </code>
      </h1>
      {rows && (
        <p className="muted">
          {rows.length} command{rows.length === 1 ? '' : 's'} by {agents || '—'}
          {rows[0] ? `, from ${stamp(rows[0].createdAt)} to ${stamp(rows.at(-1)?.createdAt)}` : ''}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ol className="timeline" data-testid="session-timeline">
        {(rows ?? []).map((r) => (
          <li key={r.id} className={`tl tl-${r.decision?.by.kind === 'whitelist' ? 'auto' : r.status}`}>
            <div className="tl-when">{stamp(r.createdAt)}</div>
            <div className="tl-body">
              <div className="row-top">
                <StatusBadge request={r} />
                <TierBadge tier={r.analysis.tier} score={r.analysis.score} />
                <a href={href({ page: 'queue', id: r.id })} className="small">
                  details
                </a>
              </div>
              <code className="row-cmd">
                <FaithfulBlock text={r.commandText} />
              </code>
              {r.reason ? (
                <div className="row-reason">
                  <Faithful text={r.reason} />
                </div>
              ) : null}
              <div className="small muted">
                <Faithful text={r.cwd} />
                {r.decision ? ` · ${decidedBy(r)}` : ''}
                {r.decision?.note ? (
                  <>
                    {' '}
                    · “<Faithful text={r.decision.note} />”
                  </>
                ) : null}
                {r.execution?.finishedAt
                  ? ` · exit ${r.execution.exitCode ?? r.execution.signal ?? '?'}`
                  : ''}
                {r.execution?.durationMs !== undefined ? ` in ${r.execution.durationMs} ms` : ''}
                {r.execution?.notRun ? ' · not run (could not be confined)' : ''}
              </div>
              {r.execution?.effects?.violations.length ? (
                <div className="warn-inline small" data-testid="session-violation">
                  Scope violation: tried to <Faithful text={r.execution.effects.violations.join('; ')} />
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      <RecordingList session={session} />
    </section>
  );
}
