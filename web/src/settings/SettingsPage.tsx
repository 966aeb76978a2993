/** Your account's two-factor sign-in, and (admins) the org's sign-in rule and auto-allow policy. */
import { useCallback, useState } from 'react';
import { errorText, patch, post } from '../api.js';
import type { ReadySession } from '../types.js';
import { CodeInput } from '../auth/SignIn.js';
import { QrCode } from '../auth/QrCode.js';
import { Faithful } from '../ui/Faithful.js';
import { PolicySettings } from './PolicySettings.js';
import { GroupsSettings } from './GroupsSettings.js';
import { TeamPolicyView } from './TeamPolicyView.js';

export function SettingsPage({ session }: { session: ReadySession }) {
  const [totpOn, setTotpOn] = useState(session.user.totp);
  const [enrol, setEnrol] = useState<{ secret: string; uri: string } | null>(null);
  const [requireTotp, setRequireTotp] = useState(session.org.requireTotp);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const onPolicyMessage = useCallback((text: string, failed = false) => {
    setMessage(failed ? '' : text);
    setError(failed ? text : '');
  }, []);

  async function act(fn: () => Promise<void>) {
    setError('');
    setMessage('');
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="page narrow" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <p className="muted">
        Signed in as{' '}
        <strong>
          <Faithful text={session.user.name} />
        </strong>{' '}
        ({session.user.role}) in{' '}
        <strong>
          <Faithful text={session.org.name} />
        </strong>
        .
      </p>
      <section className="card" aria-labelledby="totp-title">
        <h2 id="totp-title">Two-factor sign-in</h2>
        {totpOn ? (
          <p>
            On: sign-in asks for a code from your authenticator app. <span className="tag ok">enabled</span>
          </p>
        ) : enrol ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const code = String(new FormData(e.currentTarget).get('code'));
              void act(async () => {
                await post('/v1/web/totp/enable', { secret: enrol.secret, code });
                setTotpOn(true);
                setEnrol(null);
                setMessage('Two-factor sign-in is on.');
              });
            }}
          >
            <p>Scan this code with an authenticator app, then enter the code it shows.</p>
            <QrCode text={enrol.uri} label={`TOTP enrolment code for ${session.user.name}`} />
            <details>
              <summary>Can't scan? Enter the key by hand</summary>
              <code className="secret" data-testid="totp-secret">
                {enrol.secret}
              </code>
            </details>
            <CodeInput />
            <button className="primary">Turn on</button>
          </form>
        ) : (
          <>
            <p>Off: a password alone signs you in.</p>
            <button
              className="primary"
              onClick={() => void act(async () => setEnrol(await post('/v1/web/totp/new')))}
            >
              Set up two-factor sign-in
            </button>
          </>
        )}
      </section>
      {session.user.role === 'admin' && (
        <section className="card" aria-labelledby="org-title">
          <h2 id="org-title">Organisation</h2>
          <label className="check">
            <input
              type="checkbox"
              checked={requireTotp}
              onChange={(e) => {
                const value = e.target.checked;
                void act(async () => {
                  await patch('/v1/org', { requireTotp: value });
                  setRequireTotp(value);
                  setMessage(
                    value
                      ? 'Reviewers must now use two-factor sign-in.'
                      : 'Two-factor sign-in is now optional.',
                  );
                });
              }}
            />
            Require two-factor sign-in for every reviewer
          </label>
          <PolicySettings onMessage={onPolicyMessage} />
          <TeamPolicyView onMessage={onPolicyMessage} />
          <GroupsSettings onMessage={onPolicyMessage} />
        </section>
      )}
      {message && (
        <p role="status" className="ok-text">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
