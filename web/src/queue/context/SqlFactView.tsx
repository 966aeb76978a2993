/**
 * Which database a SQL command reaches, and the planner's estimate of the rows each statement
 * touches (for SQLite: a read-only count).
 */
import type { SqlFact } from '../../../../src/protocol/context.js';
import { Known } from './FactView.js';
import { Faithful, FaithfulBlock } from '../../ui/Faithful.js';

export function SqlFactView({ fact }: { fact: SqlFact }) {
  const s = fact.server;
  return (
    <div>
      <p className="small">
        <code>
          <Faithful
            text={
              fact.engine === 'sqlite'
                ? `sqlite ${s.database}`
                : `${s.user}@${s.host}:${s.port}/${s.database}`
            }
          />
        </code>
      </p>
      <ul className="ctx-list">
        {fact.statements.map((st, i) => (
          <li key={i}>
            <code>
              <FaithfulBlock text={st.text} />
            </code>
            <div className="small">
              {fact.engine === 'sqlite' ? 'rows it would touch (counted read-only)' : 'estimated rows'}:{' '}
              <Known fact={st.estimatedRows} show={(n) => <strong>{n.toLocaleString()}</strong>} />
              {st.tables.map((t) => (
                <span key={t.name} className="muted">
                  {' '}
                  · <Faithful text={t.name} />:{' '}
                  <Known fact={t.estimatedRows} show={(n) => `${n.toLocaleString()} rows`} />
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
