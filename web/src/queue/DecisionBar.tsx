/**
 * Approve / deny (note required) / approve & whitelist, by button or key (a, d, w). A critical
 * command needs `a` twice. A decision that lost a race shows who won (the API's 409 details).
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorText, get, post } from '../api.js';
import type { ApproveBody } from '../../../src/protocol/api.js';
import type { RequestView } from '../types.js';
import { dialogOpen, isTyping } from '../ui/keys.js';
import { WhitelistDialog } from './WhitelistDialog.js';
import { effectiveTier } from './order.js';
import { Faithful } from '../ui/Faithful.js';

interface Props {
  request: RequestView;
  me: string;
  onChanged: (r: RequestView) => void;
  onDecided: (r: RequestView) => void;
  /** Someone else decided first: the message says who (shown above the decision that won). */
  onConflict: (message: string) => void;
}

export function DecisionBar({ request, onChanged, onDecided, onConflict }: Props) {
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'idle' | 'deny' | 'confirm-approve'>('idle');
  const [whitelisting, setWhitelisting] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const critical = effectiveTier(request) === 'critical';

  async function decide(path: 'approve' | 'deny', body: ApproveBody | { note: string }) {
    setBusy(true);
    setError('');
    try {
      const { request: after } = await post<{ request: RequestView }>(
        `/v1/requests/${request.id}/${path}`,
        body,
      );
      onChanged(after);
      onDecided(after);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const by = String(e.details['decidedBy'] ?? 'someone else');
        onConflict(`Too late: already ${String(e.details['status'] ?? 'decided')} by ${by}.`);
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
      setError('');
      noteRef.current?.focus();
      return;
    }
    void decide('deny', { note: note.trim() });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e) || busy) return;
      if (dialogOpen()) return;
      if (e.key === 'a') approve();
      else if (e.key === 'd') {
        setMode('deny');
        noteRef.current?.focus();
      } else if (e.key === 'w') setWhitelisting(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="decide" aria-label="Decision">
      <label className="note-label">
        <span>
          Note to the agent{' '}
          <span className="muted">
            {mode === 'deny' ? '(required to deny)' : '(optional; required to deny)'}
          </span>
        </span>
        <textarea
          ref={noteRef}
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
          disabled={busy || !request.analysis.parsed}
          aria-keyshortcuts="w"
          title={request.analysis.parsed ? '' : 'a command that could not be parsed cannot be whitelisted'}
        >
          Approve &amp; whitelist… <kbd>w</kbd>
        </button>
      </div>
      {mode === 'confirm-approve' && (
        <p className="warn" role="alert">
          This command is critical. Press <kbd>a</kbd> again or Confirm to approve it.
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="decision-error">
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
