/**
 * Approve & whitelist: the exact command or a suggested generalization (typed slots first: a path
 * in the project, a line range, …; or a custom pattern), for every agent, one agent or only this
 * session, and a TTL — with a preview of what the entry would have allowed in the org's history.
 */
import { useEffect, useRef, useState } from 'react';
import { errorText, post } from '../api.js';
import type { WhitelistOnApprove } from '../../../src/protocol/api.js';
import type { RequestView, WhitelistPreview } from '../types.js';
import { WhitelistPreviewList } from './WhitelistPreviewList.js';
import { Faithful } from '../ui/Faithful.js';

interface Props {
  request: RequestView;
  onCancel: () => void;
  onConfirm: (w: WhitelistOnApprove) => void;
}

const TYPED = /<(path|range|int|branch|test)>/;

export const TTL_CHOICES: Array<[string, number | null]> = [
  ['never expires', null],
  ['1 hour', 3600],
  ['1 day', 86_400],
  ['7 days', 7 * 86_400],
  ['30 days', 30 * 86_400],
];

export function WhitelistDialog({ request, onCancel, onConfirm }: Props) {
  const exact = request.analysis.canonical ?? request.commandText;
  const choices = [exact, ...request.analysis.suggestions.filter((s) => s !== exact)];
  const [choice, setChoice] = useState(0);
  const [custom, setCustom] = useState(exact);
  const [scope, setScope] = useState<'org' | 'agent' | 'session'>('org');
  const [ttl, setTtl] = useState<number | null>(null);
  const [preview, setPreview] = useState<WhitelistPreview | null>(null);
  const [acceptDenied, setAcceptDenied] = useState(false);
  const [previewError, setPreviewError] = useState('');
  const firstRef = useRef<HTMLInputElement>(null);
  const pattern = choice === choices.length ? custom.trim() : (choices[choice] ?? exact);
  const agent = scope === 'agent' ? request.agent.name : undefined;

  useEffect(() => firstRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  useEffect(() => {
    if (!pattern) return;
    let live = true;
    const t = setTimeout(() => {
      post<WhitelistPreview>('/v1/whitelist/preview', {
        pattern,
        exclude: request.id,
        ...(agent ? { agent } : {}),
      }).then(
        (p) => {
          if (!live) return;
          setPreview(p);
          setAcceptDenied(false);
          setPreviewError('');
        },
        (e: unknown) => {
          if (!live) return;
          setPreview(null);
          setPreviewError(errorText(e));
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [pattern, agent, request.id]);

  /** The pattern covers commands a reviewer denied: confirming needs a deliberate extra step. */
  const deniedBefore = (preview?.pattern === pattern ? preview.deniedCommands : 0) > 0;
  const canConfirm =
    !!pattern && !previewError && preview?.pattern === pattern && (!deniedBefore || acceptDenied);

  function confirm() {
    const w: WhitelistOnApprove = {};
    if (choice !== 0) w.pattern = pattern;
    if (agent) w.agent = agent;
    if (scope === 'session') w.session = true;
    if (ttl !== null) w.ttlSeconds = ttl;
    if (deniedBefore) w.acceptDenied = true;
    onConfirm(w);
  }

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="wl-title" onClick={onCancel}>
      <section
        className="card dialog wide"
        onClick={(e) => e.stopPropagation()}
        data-testid="whitelist-dialog"
      >
        <h2 id="wl-title">Approve &amp; whitelist</h2>
        <fieldset>
          <legend>Pattern</legend>
          {choices.map((c, i) => (
            <label key={c} className="choice">
              <input
                ref={i === 0 ? firstRef : undefined}
                type="radio"
                name="pattern"
                checked={choice === i}
                onChange={() => setChoice(i)}
              />
              <span>
                {i === 0 ? 'Exactly this command' : TYPED.test(c) ? 'Suggested (typed)' : 'Suggested'}
              </span>
              <code>
                <Faithful text={i === 0 ? request.commandText : c} />
              </code>
              {i > 0 && TYPED.test(c) ? (
                <small className="muted">
                  each &lt;slot&gt; matches only a value of its type: &lt;path&gt; a path inside the project,
                  &lt;range&gt; line numbers, &lt;int&gt; a number, &lt;branch&gt; an unprotected branch,
                  &lt;test&gt; a test — never an option, a variable or a glob
                </small>
              ) : null}
              {i === 0 && c !== request.commandText ? (
                <details className="canonical">
                  <summary>canonical form</summary>
                  <code>
                    <Faithful text={c} />
                  </code>
                </details>
              ) : null}
            </label>
          ))}
          <label className="choice">
            <input
              type="radio"
              name="pattern"
              checked={choice === choices.length}
              onChange={() => setChoice(choices.length)}
            />
            <span>Custom</span>
            <input
              className="mono"
              aria-label="Custom pattern"
              value={custom}
              onFocus={() => setChoice(choices.length)}
              onChange={(e) => setCustom(e.target.value)}
            />
          </label>
        </fieldset>
        <div className="row2">
          <fieldset>
            <legend>Applies to</legend>
            <label className="choice">
              <input type="radio" name="scope" checked={scope === 'org'} onChange={() => setScope('org')} />{' '}
              every agent
            </label>
            <label className="choice">
              <input
                type="radio"
                name="scope"
                checked={scope === 'agent'}
                onChange={() => setScope('agent')}
              />{' '}
              only{' '}
              <strong>
                <Faithful text={request.agent.name} />
              </strong>
            </label>
            {request.session ? (
              <label className="choice">
                <input
                  type="radio"
                  name="scope"
                  checked={scope === 'session'}
                  onChange={() => setScope('session')}
                />{' '}
                only this session, never above {request.analysis.tier}
              </label>
            ) : null}
          </fieldset>
          <label>
            Expires
            <select
              value={ttl ?? ''}
              onChange={(e) => setTtl(e.target.value ? Number(e.target.value) : null)}
            >
              {TTL_CHOICES.map(([label, seconds]) => (
                <option key={label} value={seconds ?? ''}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <WhitelistPreviewList preview={preview} error={previewError} />
        {deniedBefore && (
          <label className="choice warn" data-testid="accept-denied">
            <input
              type="checkbox"
              checked={acceptDenied}
              onChange={(e) => setAcceptDenied(e.target.checked)}
            />{' '}
            I have read the denials above: whitelist this pattern anyway
          </label>
        )}
        <div className="buttons">
          <button className="approve" onClick={confirm} disabled={!canConfirm}>
            Approve &amp; add to whitelist
          </button>
          <button onClick={onCancel}>Cancel</button>
        </div>
      </section>
    </div>
  );
}
