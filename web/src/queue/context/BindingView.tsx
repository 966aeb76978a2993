/** A context-bound whitelist entry matched, but is the context still the one it was approved in? */
import type { BindingCheck } from '../../../../src/protocol/context.js';
import { Faithful } from '../../ui/Faithful.js';

export function BindingView({ binding }: { binding: BindingCheck }) {
  const entry = binding.entries[0];
  return (
    <div className={`binding ${binding.outcome === 'changed' ? 'warn' : ''}`}>
      <p className="small">
        Matches whitelist entry{' '}
        <code>
          <Faithful text={entry?.pattern ?? ''} />
        </code>
        {entry ? (
          <>
            {' '}
            (approved by <Faithful text={entry.approvedBy} />)
          </>
        ) : null}
        :{' '}
        {binding.outcome === 'awaiting'
          ? 'waiting for the context to compare'
          : binding.outcome === 'same'
            ? 'context unchanged'
            : 'the context changed since it was approved'}
      </p>
      {binding.differences.length > 0 && (
        <table className="table small">
          <thead>
            <tr>
              <th scope="col">fact</th>
              <th scope="col">approved</th>
              <th scope="col">now</th>
            </tr>
          </thead>
          <tbody>
            {binding.differences.map((d) => (
              <tr key={d.key}>
                <td>
                  <Faithful text={d.label} />
                </td>
                <td>
                  <code>
                    <Faithful text={d.approved} />
                  </code>
                </td>
                <td>
                  <code>
                    <Faithful text={d.now} />
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
