/**
 * Loads the sign-in state, then shows the sign-in steps or the dashboard. An address holding a
 * one-time sign-in link (`#/sign-in/<secret>`, from `expacti demo`) is used once: the secret is
 * taken out of the address bar (and history) first, then sent to /v1/web/link.
 */
import { useCallback, useEffect, useState } from 'react';
import { SIGNED_OUT_EVENT, get, errorText, post, setCsrfToken } from './api.js';
import type { SessionState } from './types.js';
import { SignIn } from './auth/SignIn.js';
import { Dashboard } from './Dashboard.js';

export function App() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState('');
  const [linkError, setLinkError] = useState('');

  const update = useCallback((next: SessionState) => {
    if ('csrfToken' in next) setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);

  useEffect(() => {
    const link = /^#\/sign-in\/([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
    if (link) {
      history.replaceState(null, '', '#/queue');
      post<SessionState>('/v1/web/link', { link }).then(update, (e: unknown) => {
        setLinkError(errorText(e));
        get<SessionState>('/v1/web/session').then(update, (e2: unknown) => setError(errorText(e2)));
      });
    } else get<SessionState>('/v1/web/session').then(update, (e: unknown) => setError(errorText(e)));
    const signedOut = () => update({ stage: 'signed_out' });
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, [update]);

  if (error)
    return (
      <main className="center">
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  if (!session)
    return (
      <main className="center">
        <p aria-busy="true">Loading…</p>
      </main>
    );
  if (session.stage !== 'ready') return <SignIn state={session} onChange={update} notice={linkError} />;
  return <Dashboard session={session} onSignedOut={update} />;
}
