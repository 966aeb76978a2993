/**
 * Reviewer load on the Insights page: prompts per 100 commands over time, what passed without
 * asking and why, and the shapes that ask most — each with its typed pattern, added in one click
 * (the server previews it against past denials: one it would cover needs a second, deliberate
 * click).
 */
import { useState } from 'react';
import { errorText, post } from '../api.js';
import type { ReviewerLoad as Load } from '../types.js';
import { LineChart } from './LineChart.js';
import { TierBadge } from '../ui/TierBadge.js';
import { Faithful, FaithfulBlock } from '../ui/Faithful.js';

const HIGH = new Set(['high', 'critical']);

export function ReviewerLoadChart({ load, days }: { load: Load; days: string[] }) {
  return (
    <LineChart
      title="Prompts per 100 commands (a person was asked)"
      days={days}
      values={load.promptsPer100.map((d) => d.value)}
      format={(n) => `${Math.round(n)}`}
      max={100}
    />
  );
}

export function ReviewerLoadLists({ load }: { load: Load }) {
  const passed = Object.entries(load.passed).filter(([, n]) => n > 0);
  const total = passed.reduce((s, [, n]) => s + n, 0);
  return (
    <div className="two-col">
      <section aria-labelledby="passed-title">
        <h2 id="passed-title">Passed without asking, by reason</h2>
        {total === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="mini-rows" data-testid="passed-by-reason">
            {passed.map(([reason, n]) => (
              <li key={reason}>
                <span>{reason}</span>
                <span className="muted">
                  {n} · {Math.round((100 * n) / total)}%
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="shapes-title">
        <h2 id="shapes-title">What asks most</h2>
        {load.shapes.length === 0 ? (
          <p className="muted">Nothing asked more than once.</p>
        ) : (
          <ol className="mini-rows" data-testid="prompting-shapes">
            {load.shapes.map((s) => (
              <Shape key={s.pattern} shape={s} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function Shape({ shape }: { shape: Load['shapes'][number] }) {
  const [state, setState] = useState<{ kind: 'idle' | 'added' | 'denials' | 'error'; text?: string }>({
    kind: 'idle',
  });
  async function add(acceptDenied: boolean) {
    try {
      await post('/v1/whitelist', { pattern: shape.pattern, ...(acceptDenied ? { acceptDenied } : {}) });
      setState({ kind: 'added' });
    } catch (e) {
      const text = errorText(e);
      setState({ kind: /denied/i.test(text) && !acceptDenied ? 'denials' : 'error', text });
    }
  }
  const canAdd = shape.typed && !HIGH.has(shape.tier);
  return (
    <li>
      <TierBadge tier={shape.tier} />
      <a href={`#/requests/${shape.lastId}`}>
        <code>
          <FaithfulBlock text={shape.pattern} />
        </code>
      </a>
      <span className="muted">{shape.prompts}× asked</span>
      {canAdd && state.kind === 'idle' ? (
        <button onClick={() => void add(false)}>Add typed pattern</button>
      ) : null}
      {state.kind === 'added' ? <span role="status">added to the whitelist</span> : null}
      {state.kind === 'denials' ? (
        <span role="alert">
          <Faithful text={state.text ?? ''} /> <button onClick={() => void add(true)}>Add anyway</button>
        </span>
      ) : null}
      {state.kind === 'error' ? (
        <span role="alert">
          <Faithful text={state.text ?? ''} />
        </span>
      ) : null}
    </li>
  );
}
