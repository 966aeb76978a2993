/**
 * Approve / deny (note required) / approve & whitelist, by button or key (a, d, w). A critical
 * command needs `a` twice. A decision that lost a race shows who won (the API's 409 details).
 *
 * A key acts only on what the reviewer has had time to see: keys are armed a moment after the
 * request is shown (and again after anything on it changed), and every decision carries the
 * request's fingerprint as shown, so the server refuses it if the request changed since.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorText, get, post } from '../api.js';
import type { ApproveBody } from '../../../src/protocol/api.js';
import type { RequestView } from '../types.js';
import { dialogOpen, isTyping } from '../ui/keys.js';
import { WhitelistDialog } from './WhitelistDialog.js';
import { effectiveTier } from './order.js';
import { Faithful } from '../ui/Faithful.js';
import type { ExecScope } from '../../../src/protocol/scope.js';
import { ScopeEditor } from './scope/ScopeEditor.js';

interface Props {
  request: RequestView;
  me: string;
  onChanged: (r: RequestView) => void;
  onDecided: (r: RequestView) => void;
  /** Someone else decided first: the message says who (shown above the decision that won). */
  onConflict: (message: string) => void;
}

/** How long a request is on screen before single keys may decide it. */
export const KEYS_ARM_AFTER_MS = 700;

export function DecisionBar({ request, onChanged, onDecided, onConflict }: Props) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    setArmed(false);
    const t = setTimeout(() => setArmed(true), KEYS_ARM_AFTER_MS);
    return () => clearTimeout(t);
  }, [request.id, request.fingerprint]);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'idle' | 'deny' | 'confirm-approve'>('idle');
  const [whitelisting, setWhitelisting] = useState(false);
  /** The reviewer's change to the proposed scope (null: as proposed). */
  const [scope, setScope] = useState<ExecScope | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const critical = effectiveTier(request) === 'critical';
  // The team policy forbids whitelisting it, or needs several approvals (no one approval may whitelist).
  const noWhitelist =
    request.policy?.whitelist === 'forbid' ||
    (request.policy?.requirements ?? []).some((r) => r.approvals > 1 || r.from !== undefined);

  async function decide(path: 'approve' | 'deny', body: ApproveBody | { note: string }) {
    setBusy(true);
    setError('');
    try {
      const seen = request.fingerprint === undefined ? {} : { seen: request.fingerprint };
      const { request: after } = await post<{ request: RequestView }>(`/v1/requests/${request.id}/${path}`, {
        ...body,
        ...seen,
      });
      onChanged(after);
      // A vote that leaves it waiting for more approvals (a team policy) keeps it on screen.
      if (after.status !== 'pending') onDecided(after);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.details['approvals'] !== undefined) {
        setError(e.message);
      } else if (e instanceof ApiError && e.status === 409) {
        const by = String(e.details['decidedBy'] ?? 'someone else');
        onConflict(
          e.details['changed'] === true
            ? 'Not decided: this request changed while it was on screen (new runtime context or risk). Read it again, then decide.'
            : `Too late: already ${String(e.details['status'] ?? 'decided')} by ${by}.`,
        );
        get<{ request: RequestView }>(`/v1/requests/${request.id}`).then(
          (r) => onChanged(r.request),
          () => undefined,
        );
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const approve = () => {
    if (critical && mode !== 'confirm-approve') {
      setMode('confirm-approve');
      return;
    }
    void decide('approve', note.trim() ? { note: note.trim() } : {});
  };
  const deny = () => {
    if (!note.trim()) {
      setMode('deny');
      setError('Write a note to deny: the agent reads it to know why, and what to do instead.');
      noteRef.current?.focus();
      return;
    }
    void decide('deny', { note: note.trim() });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e) || busy) return;
      if (dialogOpen() || !armed) return;
      if (e.key === 'a') approve();
      else if (e.key === 'd') {
        setMode('deny');
        noteRef.current?.focus();
      } else if (e.key === 'w' && !noWhitelist) setWhitelisting(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="decide" aria-label="Decision" data-keys-armed={armed ? 'true' : 'false'}>
      <label className="note-label">
        <span>
          Note to the agent{' '}
          <span className="muted">
            {mode === 'deny' ? '(required to deny)' : '(optional; required to deny)'}
          </span>
        </span>
        <textarea
          ref={noteRef}
          aria-invalid={mode === 'deny' && !note.trim() && error !== '' ? true : undefined}
          aria-describedby={error ? 'decision-error' : undefined}
          name="note"
          rows={2}
          value={note}
          maxLength={4000}
          placeholder={mode === 'deny' ? 'Why not, and what to do instead — Enter sends' : ''}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && mode === 'deny') {
              e.preventDefault();
              deny();
            }
          }}
        />
      </label>
      <div className="buttons">
        <button className="approve" onClick={approve} disabled={busy} aria-keyshortcuts="a">
          {mode === 'confirm-approve' ? 'Confirm approve (critical)' : 'Approve'} <kbd>a</kbd>
        </button>
        <button className="deny" onClick={deny} disabled={busy} aria-keyshortcuts="d">
          Deny <kbd>d</kbd>
        </button>
        <button
          className="whitelist"
          onClick={() => setWhitelisting(true)}
          disabled={busy || !request.analysis.parsed || noWhitelist}
          aria-keyshortcuts="w"
          title={
            noWhitelist
              ? 'the team policy keeps this request off the whitelist'
              : request.analysis.parsed
                ? ''
                : 'a command that could not be parsed cannot be whitelisted'
          }
        >
          Approve &amp; whitelist… <kbd>w</kbd>
        </button>
      </div>
      {request.scope && (
        <details className="scope-edit">
          <summary>Change what it may do{scope ? ' (changed)' : ''}…</summary>
          <ScopeEditor scope={scope ?? request.scope} onChange={setScope} />
        </details>
      )}
      {mode === 'confirm-approve' && (
        <p className="warn" role="alert">
          This command is critical. Press <kbd>a</kbd> again or Confirm to approve it.
        </p>
      )}
      {error && (
        <p className="error" role="alert" id="decision-error" data-testid="decision-error">
          <Faithful text={error} />
        </p>
      )}
      {whitelisting && request.analysis.parsed && (
        <WhitelistDialog
          request={request}
          onCancel={() => setWhitelisting(false)}
          onConfirm={(whitelist) => {
            setWhitelisting(false);
            void decide('approve', { ...(note.trim() ? { note: note.trim() } : {}), whitelist });
          }}
        />
      )}
    </section>
  );
}
