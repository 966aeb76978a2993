/** Loads the sign-in state, then shows the sign-in steps or the dashboard. */
import { useCallback, useEffect, useState } from 'react';
import { SIGNED_OUT_EVENT, get, errorText, setCsrfToken } from './api.js';
import type { SessionState } from './types.js';
import { SignIn } from './auth/SignIn.js';
import { Dashboard } from './Dashboard.js';

export function App() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState('');

  const update = useCallback((next: SessionState) => {
    if ('csrfToken' in next) setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);

  useEffect(() => {
    get<SessionState>('/v1/web/session').then(update, (e: unknown) => setError(errorText(e)));
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
  if (session.stage !== 'ready') return <SignIn state={session} onChange={update} />;
  return <Dashboard session={session} onSignedOut={update} />;
}
