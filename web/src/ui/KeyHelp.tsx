/** The keyboard shortcuts, shown with `?`. */
import { useEffect, useRef } from 'react';

const KEYS: Array<[string, string]> = [
  ['j / k', 'next / previous request'],
  ['a', 'approve the selected request (twice for a critical one)'],
  ['d', 'deny: focus the note (required), Enter sends'],
  ['w', 'approve & whitelist…'],
  ['/', 'search the queue'],
  ['Esc', 'close a dialog, leave a field'],
  ['?', 'show or hide these keys'],
];

export function KeyHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="keys-title" onClick={onClose}>
      <section className="card dialog" onClick={(e) => e.stopPropagation()}>
        <h2 id="keys-title">Keyboard</h2>
        <dl className="keys">
          {KEYS.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button ref={ref} onClick={onClose}>
          Close
        </button>
      </section>
    </div>
  );
}
