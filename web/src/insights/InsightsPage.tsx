/** How the gate is doing: outcomes per day, the whitelist learning, reviewers' time, where the risk is. */
import { useEffect, useState } from 'react';
import { errorText, get } from '../api.js';
import type { Insights } from '../types.js';
import { duration } from '../ui/format.js';
import { TierBadge } from '../ui/TierBadge.js';
import { LineChart } from './LineChart.js';
import { StackedBars } from './StackedBars.js';
import { FaithfulBlock } from '../ui/Faithful.js';
import { Faithful } from '../ui/Faithful.js';
import { ReviewerLoadChart, ReviewerLoadLists } from './ReviewerLoad.js';

const SERIES = [
  { key: 'autoAllowed', label: 'auto-allowed', className: 'fill-auto' },
  { key: 'approved', label: 'approved', className: 'fill-approved' },
  { key: 'denied', label: 'denied', className: 'fill-denied' },
  { key: 'expired', label: 'timed out', className: 'fill-expired' },
  { key: 'pending', label: 'pending', className: 'fill-pending' },
];

export function InsightsPage() {
  const [days, setDays] = useState(30);
  const [data, setData] = useState<Insights | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    get<Insights>(`/v1/insights?days=${days}`).then(setData, (e: unknown) => setError(errorText(e)));
  }, [days]);

  const dayNames = data?.perDay.map((d) => d.day) ?? [];
  const decided =
    data?.perDay.reduce((s, d) => s + d.autoAllowed + d.approved + d.denied + d.expired, 0) ?? 0;
  const auto = data?.perDay.reduce((s, d) => s + d.autoAllowed, 0) ?? 0;
  return (
    <section className="page" aria-labelledby="insights-title">
      <div className="page-head">
        <h1 id="insights-title">Insights</h1>
        <label>
          Period
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>7 days</option>
            <option value={30}>30 days</option>
            <option value={90}>90 days</option>
            <option value={365}>1 year</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          <Faithful text={error} />
        </p>
      )}
      {data && (
        <>
          <div className="stats">
            <Stat label="requests" value={String(data.total)} />
            <Stat label="auto-allowed" value={decided ? `${Math.round((100 * auto) / decided)}%` : '—'} />
            <Stat
              label="prompts per 100 commands"
              value={
                data.load.commands ? String(Math.round((100 * data.load.prompts) / data.load.commands)) : '—'
              }
            />
            <Stat
              label="median time to decision"
              value={data.medianDecisionSeconds === null ? '—' : duration(data.medianDecisionSeconds)}
            />
          </div>
          <div className="charts">
            <StackedBars
              title="Requests per day by outcome"
              days={dayNames}
              series={SERIES}
              values={data.perDay.map(({ autoAllowed, approved, denied, expired, pending }) => ({
                autoAllowed,
                approved,
                denied,
                expired,
                pending,
              }))}
            />
            <LineChart
              title="Whitelist hit rate (share auto-allowed)"
              days={dayNames}
              values={data.perDay.map((d) => d.hitRate)}
              format={(n) => `${Math.round(n * 100)}%`}
              max={1}
            />
            <LineChart
              title="Median time to a reviewer's decision"
              days={dayNames}
              values={data.perDay.map((d) => d.medianDecisionSeconds)}
              format={(n) => duration(n)}
            />
            <ReviewerLoadChart load={data.load} days={dayNames} />
          </div>
          <ReviewerLoadLists load={data.load} />
          <div className="two-col">
            <section aria-labelledby="rc-title">
              <h2 id="rc-title">Riskiest commands</h2>
              {data.riskiestCommands.length === 0 ? (
                <p className="muted">None yet.</p>
              ) : (
                <ol className="mini-rows">
                  {data.riskiestCommands.map((c) => (
                    <li key={c.commandText}>
                      <TierBadge tier={c.tier} score={c.score} />
                      <a href={`#/requests/${c.lastId}`}>
                        <code>
                          <FaithfulBlock text={c.commandText} />
                        </code>
                      </a>
                      <span className="muted">
                        {c.count}× · {c.denied} denied
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section aria-labelledby="ra-title">
              <h2 id="ra-title">Riskiest agents</h2>
              {data.riskiestAgents.length === 0 ? (
                <p className="muted">None yet.</p>
              ) : (
                <table className="table cards">
                  <thead>
                    <tr>
                      <th scope="col">Agent</th>
                      <th scope="col">Reviewed</th>
                      <th scope="col">High+</th>
                      <th scope="col">Denied</th>
                      <th scope="col">Worst</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.riskiestAgents.map((a) => (
                      <tr key={a.agent}>
                        <td data-label="Agent">
                          <Faithful text={a.agent} />
                        </td>
                        <td className="num" data-label="Reviewed">
                          {a.requests}
                        </td>
                        <td className="num" data-label="High+">
                          {a.highOrCritical}
                        </td>
                        <td className="num" data-label="Denied">
                          {a.denied}
                        </td>
                        <td data-label="Worst">
                          <TierBadge tier={a.maxTier} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
