/** What an approved command did (the confinement helper's record): refusals first, then each operation. */
import type { ExecutionView } from '../../../../src/protocol/api.js';
import { Faithful } from '../../ui/Faithful.js';

const SHOWN = 60;

export function EffectsView({ execution: e }: { execution: ExecutionView }) {
  if (!e.confinement) return null;
  return (
    <section className="effects" aria-labelledby="effects-title" data-testid="effects">
      <h3 id="effects-title">What it did</h3>
      <p className={e.notRun || e.confinement !== 'confined' ? 'warn' : 'small muted'}>
        {e.notRun ? (
          <>
            Not run: <Faithful text={e.notRun} />
          </>
        ) : e.confinement === 'confined' ? (
          'Ran confined to its scope.'
        ) : (
          'Ran UNCONFINED: this machine could not confine it, and the org allows that for its tier.'
        )}
      </p>
      {e.effects && (
        <>
          {e.effects.violations.length > 0 && (
            <ul className="violations" data-testid="violations">
              {e.effects.violations.map((v, i) => (
                <li key={i}>
                  Refused: tried to <Faithful text={v} />
                </li>
              ))}
            </ul>
          )}
          <ol className="effect-rows">
            {e.effects.entries.slice(0, SHOWN).map((x, i) => (
              <li key={i} className={x.allowed ? '' : 'refused'}>
                <span className="op">{x.op}</span>{' '}
                <code>
                  <Faithful
                    text={
                      x.op === 'connect'
                        ? x.family === 'unix'
                          ? `unix ${x.path ?? ''}`
                          : `${x.addr ?? '?'}:${x.port ?? '?'}`
                        : `${x.path ?? ''}${x.to ? ` → ${x.to}` : ''}`
                    }
                  />
                </code>
              </li>
            ))}
          </ol>
          {e.effects.entries.length > SHOWN || e.effects.dropped > 0 ? (
            <p className="small muted">
              {e.effects.entries.length - Math.min(SHOWN, e.effects.entries.length) + e.effects.dropped} more
              operations (the history export has them all).
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
