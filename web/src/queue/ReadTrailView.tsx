/**
 * What the agent read before this request (issue 25): recent reads with trust and findings
 * marked, and — while the session is tainted — the one-click, audited clear. Sources and snippets
 * came from outside: rendered through Faithful (hidden characters shown, never acted on).
 */
import { useState } from 'react';
import { errorText, post } from '../api.js';
import type { ReadTrail, ReadView } from '../../../src/protocol/reads.js';
import { ago } from '../ui/format.js';
import { Faithful } from '../ui/Faithful.js';

const VERB: Record<ReadView['kind'], string> = {
  file: 'read',
  url: 'fetched',
  search: 'searched',
  tool: 'tool output',
  issue: 'issue/PR text',
  package: 'installed',
  command: 'command output',
};

function ReadRow({ read }: { read: ReadView }) {
  return (
    <li
      className={read.findings.length ? 'read read-findings' : read.taints ? 'read read-untrusted' : 'read'}
    >
      <span className="muted">{ago(read.at)}</span> <span className="label">{VERB[read.kind]}</span>{' '}
      <code>
        <Faithful text={read.source} />
      </code>{' '}
      <span className="muted">
        (<Faithful text={`${read.host}/${read.tool}`} />,{' '}
        {read.trust === 'untrusted' ? `untrusted: ${read.trustWhy}` : read.trustWhy})
      </span>
      {read.findings.length > 0 && (
        <ul className="findings" data-testid="read-findings">
          {read.findings.map((f) => (
            <li key={f.code}>
              <strong>{f.message}</strong> <code className="muted">{f.code}</code>
              {f.count > 1 ? <span className="muted"> ×{f.count}</span> : null}
              {(f.samples ?? []).map((s, i) => (
                <blockquote key={i}>
                  <Faithful text={s} />
                </blockquote>
              ))}
            </li>
          ))}
        </ul>
      )}
      {read.error ? (
        <p className="muted">
          not fully observed: <Faithful text={read.error} />
        </p>
      ) : null}
    </li>
  );
}

export function ReadTrailView({ trail, session }: { trail: ReadTrail; session: string | null }) {
  const [cleared, setCleared] = useState<string | null>(null);
  const [error, setError] = useState('');
  const clear = async () => {
    if (!session) return;
    setError('');
    try {
      await post('/v1/sessions/clear-taint', { session });
      setCleared('Taint cleared: this session’s earlier reads no longer raise what it runs (audited).');
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="read-trail" aria-labelledby="reads-title" data-testid="read-trail">
      <h3 id="reads-title">What the agent read before this</h3>
      {trail.tainted && !cleared ? (
        <p className="warn" data-testid="tainted">
          Tainted: the agent read untrusted or instruction-bearing text, so high-impact commands are judged
          higher, wildcard entries allow only read-only commands and nothing beyond read-only is auto-allowed.{' '}
          {session ? (
            <button type="button" onClick={() => void clear()} data-testid="clear-taint">
              Clear taint for this session
            </button>
          ) : null}
        </p>
      ) : null}
      {cleared ? <p data-testid="taint-cleared">{cleared}</p> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ol className="reads">
        {trail.reads.map((r, i) => (
          <ReadRow key={`${r.at}-${i}`} read={r} />
        ))}
      </ol>
    </section>
  );
}
