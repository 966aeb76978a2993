/** The signed-in frame: navigation, connection state, sign-out, and the page for the route. */
import { useEffect, useState } from 'react';
import { errorText, post } from './api.js';
import type { ReadySession, SessionState } from './types.js';
import { href, useRoute } from './router.js';
import type { Route } from './router.js';
import { useLiveRequests } from './queue/useLiveRequests.js';
import { QueuePage } from './queue/QueuePage.js';
import { WhitelistPage } from './whitelist/WhitelistPage.js';
import { HistoryPage } from './history/HistoryPage.js';
import { SessionPage } from './history/SessionPage.js';
import { InsightsPage } from './insights/InsightsPage.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { KeyHelp } from './ui/KeyHelp.js';
import { isTyping } from './ui/keys.js';
import { Faithful } from './ui/Faithful.js';

interface Props {
  session: ReadySession;
  onSignedOut: (s: SessionState) => void;
}

const NAV: Array<{ page: Route['page']; label: string }> = [
  { page: 'queue', label: 'Queue' },
  { page: 'history', label: 'History' },
  { page: 'whitelist', label: 'Whitelist' },
  { page: 'insights', label: 'Insights' },
  { page: 'settings', label: 'Settings' },
];

export function Dashboard({ session, onSignedOut }: Props) {
  const route = useRoute();
  const live = useLiveRequests();
  const [help, setHelp] = useState(false);
  const pending = [...live.requests.values()].filter((r) => r.status === 'pending').length;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !isTyping(e)) {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === 'Escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = pending > 0 ? `(${pending}) expacti — review` : 'expacti — review';
  }, [pending]);

  async function signOut() {
    try {
      onSignedOut(await post<SessionState>('/v1/web/logout'));
    } catch (e) {
      alert(errorText(e));
    }
  }

  const current = route.page === 'session' ? 'history' : route.page;
  return (
    <div className="frame">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="#/queue" aria-label="expacti queue">
          <img src="/favicon.svg" alt="" width="22" height="22" /> <span>expacti</span>
        </a>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a
              key={n.page}
              href={href({ page: n.page } as Route)}
              aria-current={current === n.page ? 'page' : undefined}
            >
              {n.label}
              {n.page === 'queue' && pending > 0 ? (
                <span className="count" aria-label={`${pending} pending`}>
                  {pending}
                </span>
              ) : null}
            </a>
          ))}
        </nav>
        <div className="who">
          <span
            className={`conn conn-${live.connection}`}
            role="status"
            title={`updates: ${live.connection}`}
          >
            {live.connection === 'live'
              ? 'live'
              : live.connection === 'connecting'
                ? 'connecting…'
                : 'reconnecting…'}
          </span>
          <span className="user" data-testid="signed-in-user">
            <Faithful text={session.user.name} />
          </span>
          <button className="link" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            ?
          </button>
          <button className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'queue' && <QueuePage live={live} selectedId={route.id} me={session.user.name} />}
        {route.page === 'whitelist' && <WhitelistPage version={live.whitelistVersion} />}
        {route.page === 'history' && <HistoryPage />}
        {route.page === 'session' && <SessionPage session={route.session} />}
        {route.page === 'insights' && <InsightsPage />}
        {route.page === 'settings' && <SettingsPage session={session} />}
      </main>
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
