/** Past requests, filtered on the server (agent, session, decision, time) and in the page (tier, text); export. */
import { useEffect, useState } from 'react';
import { errorText, get } from '../api.js';
import type { RequestView, Tier } from '../types.js';
import { TIERS } from '../../../src/protocol/tiers.js';
import { href } from '../router.js';
import { stamp } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { TierBadge } from '../ui/TierBadge.js';
import { decidedBy, toCsv, toJsonLines } from './exportRows.js';
import { download } from './download.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';

const PAGE = 200;

interface Filters {
  agent: string;
  session: string;
  decision: '' | 'pending' | 'approved' | 'auto' | 'denied' | 'expired';
  tier: '' | Tier;
  since: string;
  until: string;
  text: string;
}

const EMPTY: Filters = { agent: '', session: '', decision: '', tier: '', since: '', until: '', text: '' };

function query(f: Filters, before?: string): string {
  const p = new URLSearchParams({ limit: String(PAGE) });
  if (f.agent) p.set('agent', f.agent);
  if (f.session) p.set('session', f.session);
  if (f.decision) p.set('status', f.decision === 'auto' ? 'approved' : f.decision);
  if (f.since) p.set('since', new Date(f.since).toISOString());
  const end = before ?? (f.until ? new Date(new Date(f.until).getTime() + 86_400_000).toISOString() : '');
  if (end) p.set('before', end);
  return `/v1/requests?${p.toString()}`;
}

export function HistoryPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<RequestView[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  async function load(f: Filters, before?: string) {
    setLoading(true);
    setError('');
    try {
      const { requests } = await get<{ requests: RequestView[] }>(query(f, before));
      setRows((prev) => (before ? [...prev, ...requests] : requests));
      setMore(requests.length === PAGE);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    const t = setTimeout(() => void load(filters), 250);
    return () => clearTimeout(t);
  }, [filters.agent, filters.session, filters.decision, filters.since, filters.until]);

  const shown = rows.filter((r) => {
    if (filters.tier && r.analysis.tier !== filters.tier) return false;
    const auto = r.decision?.by.kind === 'whitelist';
    if (filters.decision === 'auto' && !auto) return false;
    if (filters.decision === 'approved' && auto) return false;
    const t = filters.text.toLowerCase();
    return (
      !t ||
      `${r.commandText}\n${r.reason ?? ''}\n${r.cwd}\n${r.decision?.note ?? ''}`.toLowerCase().includes(t)
    );
  });
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const stampName = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

  return (
    <section className="page" aria-labelledby="history-title">
      <h1 id="history-title">History</h1>
      <div className="filters">
        <label>
          Search
          <input
            type="search"
            value={filters.text}
            onChange={(e) => set('text', e.target.value)}
            placeholder="command, reason, note"
          />
        </label>
        <label>
          Agent
          <input value={filters.agent} onChange={(e) => set('agent', e.target.value)} />
        </label>
        <label>
          Session
          <input value={filters.session} onChange={(e) => set('session', e.target.value)} />
        </label>
        <label>
          Decision
          <select
            value={filters.decision}
            onChange={(e) => set('decision', e.target.value as Filters['decision'])}
          >
            <option value="">any</option>
            <option value="pending">pending</option>
            <option value="approved">approved by a reviewer</option>
            <option value="auto">auto-allowed (whitelist)</option>
            <option value="denied">denied</option>
            <option value="expired">expired</option>
          </select>
        </label>
        <label>
          Tier
          <select value={filters.tier} onChange={(e) => set('tier', e.target.value as Filters['tier'])}>
            <option value="">any</option>
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.since} onChange={(e) => set('since', e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={filters.until} onChange={(e) => set('until', e.target.value)} />
        </label>
        <div className="export">
          <button
            onClick={() =>
              download(`expacti-history-${stampName}.jsonl`, 'application/x-ndjson', toJsonLines(shown))
            }
          >
            Export JSON lines
          </button>
          <button onClick={() => download(`expacti-history-${stampName}.csv`, 'text/csv', toCsv(shown))}>
            Export CSV
          </button>
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          <Faithful text={error} />
        </p>
      )}
      <div className="table-wrap">
        <table className="table cards" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Outcome</th>
              <th scope="col">Risk</th>
              <th scope="col">Agent</th>
              <th scope="col">Command</th>
              <th scope="col">Session</th>
              <th scope="col">Decided by</th>
              <th scope="col">Exit</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td className="nowrap" data-label="When">
                  <a href={href({ page: 'queue', id: r.id })}>{stamp(r.createdAt)}</a>
                </td>
                <td data-label="Outcome">
                  <StatusBadge request={r} />
                </td>
                <td data-label="Risk">
                  <TierBadge tier={r.analysis.tier} score={r.analysis.score} />
                </td>
                <td data-label="Agent">
                  <Faithful text={r.agent.name} />
                </td>
                <td className="cmd" data-label="Command">
                  <code className="cmd-cell">
                    <FaithfulBlock text={r.commandText} />
                  </code>
                </td>
                <td data-label="Session">
                  {r.session ? (
                    <a href={href({ page: 'session', session: r.session })}>
                      <Faithful text={r.session.slice(0, 12)} />
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label="Decided by">
                  {decidedBy(r)}
                  {r.decision?.note ? (
                    <div className="small muted">
                      “<Faithful text={r.decision.note} />”
                    </div>
                  ) : null}
                </td>
                <td className="num" data-label="Exit">
                  {r.execution?.exitCode ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && shown.length === 0 && <p className="muted">No request matches.</p>}
      {more && (
        <button disabled={loading} onClick={() => void load(filters, rows.at(-1)?.createdAt)}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </section>
  );
}
