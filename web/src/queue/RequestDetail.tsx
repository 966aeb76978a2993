/** One request, laid out for a decision in seconds: risk first, then the command, why, where, and context. */
import { useState } from 'react';
import type { RequestView } from '../types.js';
import { href } from '../router.js';
import { ago, stamp } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { TierBadge } from '../ui/TierBadge.js';
import { CommandView } from './CommandView.js';
import { ContextView } from './context/ContextView.js';
import { Countdown } from './Countdown.js';
import { DecisionBar } from './DecisionBar.js';
import { DecisionBanner } from './DecisionBanner.js';
import { SessionHistory } from './SessionHistory.js';
import { effectiveTier } from './order.js';
import { ScopeView } from './scope/ScopeView.js';
import { EffectsView } from './scope/EffectsView.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';
import { ReadTrailView } from './ReadTrailView.js';
import { ApprovalsPanel } from './ApprovalsPanel.js';
import { RecordingList } from '../recordings/RecordingList.js';

interface Props {
  request: RequestView;
  me: string;
  onChanged: (r: RequestView) => void;
  onDecided: (r: RequestView) => void;
}

export function RequestDetail({ request: r, me, onChanged, onDecided }: Props) {
  const [late, setLate] = useState('');
  const a = r.analysis;
  const tier = effectiveTier(r);
  return (
    <article
      className="detail"
      data-testid="request-detail"
      data-request-id={r.id}
      aria-labelledby="detail-title"
    >
      <header className="detail-head">
        <h2 id="detail-title" className="sr-only">
          Request from <Faithful text={r.agent.name} />
        </h2>
        <TierBadge tier={tier} score={a.score} />
        {tier !== a.tier ? (
          <span className="small muted">raised from {a.tier} by the runtime context</span>
        ) : null}
        {r.status === 'pending' ? <Countdown until={r.expiresAt} /> : <StatusBadge request={r} />}
        <span className="muted">
          <Faithful text={r.agent.name} /> · {ago(r.createdAt)}
        </span>
      </header>

      <CommandView text={r.commandText} analysis={a} />

      {r.reason && (
        <p className="stated-reason">
          <span className="label">Agent's reason</span> <FaithfulBlock text={r.reason} />
        </p>
      )}

      {(a.reasons.length > 0 || a.summary.length > 0) && (
        <section className="risk" aria-labelledby="risk-title">
          <h3 id="risk-title">Why it is {a.tier}</h3>
          <ul>
            {a.summary.map((s, i) => (
              <li key={`s${i}`} className="summary-line">
                <Faithful text={s} />
              </li>
            ))}
            {a.reasons.map((reason, i) => (
              <li key={`r${i}`}>
                {reason.tier ? <span className={`tier-dot tier-${reason.tier}`}>{reason.tier}</span> : null}{' '}
                <Faithful text={withoutPart(reason.message, a.parts)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {a.reads && <ReadTrailView trail={a.reads} session={r.session} />}
      <ApprovalsPanel request={r} />

      {r.scope && (
        <ScopeView scope={r.scope} title={r.status === 'pending' ? 'If approved, it may' : 'It could'} />
      )}
      {r.execution && <EffectsView execution={r.execution} />}
      {r.execution && <RecordingList request={r.id} />}

      {late && (
        <p className="error" role="alert" data-testid="decision-error">
          {late}
        </p>
      )}
      {r.status === 'pending' ? (
        <DecisionBar request={r} me={me} onChanged={onChanged} onDecided={onDecided} onConflict={setLate} />
      ) : (
        <DecisionBanner request={r} me={me} />
      )}

      <dl className="meta">
        <div>
          <dt>Agent</dt>
          <dd>
            <Faithful text={r.agent.name} />
          </dd>
        </div>
        <div>
          <dt>Host</dt>
          <dd>
            {r.host ? <Faithful text={r.host} /> : '—'}
            {r.osUser ? (
              <span className="muted">
                {' '}
                as <Faithful text={r.osUser} />
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Directory</dt>
          <dd>
            <code>
              <Faithful text={r.cwd} />
            </code>
          </dd>
        </div>
        {r.gitBranch && (
          <div>
            <dt>Git branch</dt>
            <dd>
              <code>
                <Faithful text={r.gitBranch} />
              </code>
            </dd>
          </div>
        )}
        <div>
          <dt>Session</dt>
          <dd>
            {r.session ? (
              <a href={href({ page: 'session', session: r.session })}>
                <Faithful text={r.session} />
              </a>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Submitted</dt>
          <dd>{stamp(r.createdAt)}</dd>
        </div>
      </dl>

      <ContextView context={r.context} />
      <SessionHistory request={r} />
    </article>
  );
}

/** With one simple command, a reason's trailing ": <command>" only repeats what is shown above. */
function withoutPart(message: string, parts: string[]): string {
  const only = parts.length === 1 ? parts[0] : undefined;
  return only && message.endsWith(`: ${only}`) ? message.slice(0, -(only.length + 2)) : message;
}
