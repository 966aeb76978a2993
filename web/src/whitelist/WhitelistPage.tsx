/** Every whitelist entry with its lineage and use; edit (note, TTL), disable, delete — all audited by the server. */
import { useEffect, useMemo, useState } from 'react';
import { errorText, get } from '../api.js';
import type { WhitelistEntryView } from '../types.js';
import { WhitelistRow } from './WhitelistRow.js';

type StateFilter = 'all' | 'active' | 'disabled' | 'expired';

export function WhitelistPage({ version }: { version: number }) {
  const [entries, setEntries] = useState<WhitelistEntryView[] | null>(null);
  const [error, setError] = useState('');
  const [q, setQ] = useState('');
  const [state, setState] = useState<StateFilter>('all');
  const [scope, setScope] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    get<{ entries: WhitelistEntryView[] }>('/v1/whitelist').then(
      (r) => setEntries(r.entries),
      (e: unknown) => setError(errorText(e)),
    );
  }, [version, reload]);

  const agents = useMemo(
    () =>
      [...new Set((entries ?? []).flatMap((e) => (e.scope.kind === 'agent' ? [e.scope.agent] : [])))].sort(),
    [entries],
  );
  const now = new Date().toISOString();
  const shown = (entries ?? []).filter((e) => {
    const expired = e.expiresAt !== null && e.expiresAt <= now;
    if (state === 'active' && (e.disabled || expired)) return false;
    if (state === 'disabled' && !e.disabled) return false;
    if (state === 'expired' && !expired) return false;
    if (scope === 'org' && e.scope.kind !== 'org') return false;
    if (scope && scope !== 'org' && (e.scope.kind !== 'agent' || e.scope.agent !== scope)) return false;
    const hay = `${e.pattern}\n${e.createdBy}\n${e.note ?? ''}`.toLowerCase();
    return !q || hay.includes(q.toLowerCase());
  });

  return (
    <section className="page" aria-labelledby="wl-page-title">
      <h1 id="wl-page-title">Whitelist</h1>
      <div className="filters">
        <label>
          Search
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="pattern, creator, note"
          />
        </label>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
            <option value="all">all</option>
            <option value="active">active</option>
            <option value="disabled">disabled</option>
            <option value="expired">expired</option>
          </select>
        </label>
        <label>
          Scope
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">any</option>
            <option value="org">whole org</option>
            {agents.map((a) => (
              <option key={a} value={a}>
                agent {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="muted">
          {entries.length === 0
            ? 'The whitelist is empty: approve & whitelist from the queue to add entries.'
            : 'No entry matches.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table cards" data-testid="whitelist-table">
            <thead>
              <tr>
                <th scope="col">Pattern</th>
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">Hits</th>
                <th scope="col">Last use</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <WhitelistRow key={e.id} entry={e} onChanged={() => setReload((n) => n + 1)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
