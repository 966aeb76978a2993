/**
 * The sign-in card: password, then a TOTP code or first-time TOTP enrolment. While the account is
 * guarded after many failed sign-ins (429 with details.codeAccepted), the password form also takes
 * the code: a correct password with a valid code still signs in.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, errorText, post } from '../api.js';
import type { SessionState } from '../types.js';
import { QrCode } from './QrCode.js';
import { Faithful } from '../ui/Faithful.js';

interface Props {
  state: Exclude<SessionState, { stage: 'ready' }>;
  onChange: (s: SessionState) => void;
  /** Why the page came here instead of signing in (a used or expired one-time link). */
  notice?: string;
}

export function SignIn({ state, onChange, notice = '' }: Props) {
  const [error, setError] = useState(notice);
  const [busy, setBusy] = useState(false);
  const [askCode, setAskCode] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>, path: string, body: Record<string, string>) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onChange(await post<SessionState>(path, body));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429 && err.details['codeAccepted'] === true)
        setAskCode(true);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="center">
      <section className="card signin" aria-labelledby="signin-title">
        <h1 id="signin-title">
          <img src="/favicon.svg" alt="" width="28" height="28" /> expacti
        </h1>
        {state.stage === 'signed_out' && (
          <form
            onSubmit={(e) => {
              const f = new FormData(e.currentTarget);
              const code = String(f.get('code') ?? '');
              void submit(e, '/v1/web/login', {
                username: String(f.get('username')),
                password: String(f.get('password')),
                ...(code ? { code } : {}),
              });
            }}
          >
            <p className="muted">Sign in to review your agents' commands.</p>
            <label>
              Username
              <input name="username" autoComplete="username" required autoFocus />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
            {askCode && <CodeInput required={false} />}
            <button className="primary" disabled={busy}>
              Sign in
            </button>
          </form>
        )}
        {state.stage === 'totp' && (
          <form
            onSubmit={(e) =>
              void submit(e, '/v1/web/totp', { code: String(new FormData(e.currentTarget).get('code')) })
            }
          >
            <p>
              Two-factor code for{' '}
              <strong>
                <Faithful text={state.user} />
              </strong>
            </p>
            <CodeInput />
            <button className="primary" disabled={busy}>
              Verify
            </button>
          </form>
        )}
        {state.stage === 'enrol' && (
          <form
            onSubmit={(e) =>
              void submit(e, '/v1/web/totp', {
                code: String(new FormData(e.currentTarget).get('code')),
                secret: state.secret,
              })
            }
          >
            <p>
              Your organisation requires two-factor sign-in. Scan this code with an authenticator app, then
              enter the 6-digit code it shows.
            </p>
            <QrCode text={state.uri} label={`TOTP enrolment code for ${state.user}`} />
            <details>
              <summary>Can't scan? Enter the key by hand</summary>
              <code className="secret" data-testid="totp-secret">
                {state.secret}
              </code>
            </details>
            <CodeInput />
            <button className="primary" disabled={busy}>
              Turn on and sign in
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </section>
    </main>
  );
}

export function CodeInput({ required = true }: { required?: boolean }) {
  return (
    <label>
      6-digit code
      <input
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required={required}
        autoFocus
      />
    </label>
  );
}
