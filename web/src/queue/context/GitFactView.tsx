/** The repository the command runs in, and what a push would do to the remote. */
import type { GitFact } from '../../../../src/protocol/context.js';
import { Known } from './FactView.js';
import { Faithful } from '../../ui/Faithful.js';

export function GitFactView({ fact }: { fact: GitFact }) {
  return (
    <div>
      <p className="small">
        <code>
          <Faithful text={fact.root} />
        </code>{' '}
        on{' '}
        <code>
          <Faithful text={fact.branch ?? '(detached)'} />
        </code>
        {fact.upstream ? (
          <>
            {' '}
            tracking{' '}
            <code>
              <Faithful text={fact.upstream} />
            </code>
          </>
        ) : null}{' '}
        ·{' '}
        <Known
          fact={fact.dirty}
          show={(n) => (n === 0 ? 'clean' : `${n} uncommitted change${n === 1 ? '' : 's'}`)}
        />
      </p>
      {fact.push && (
        <Known
          fact={fact.push}
          show={(push) => (
            <ul className="ctx-list">
              {push.targets.map((t, i) => (
                <li key={i} className={t.force || t.delete || t.protected ? 'warn-inline' : ''}>
                  {t.delete ? 'deletes' : t.force ? 'force-pushes' : 'pushes'}{' '}
                  <code>
                    <Faithful text={t.source} />
                  </code>{' '}
                  → <Faithful text={push.remote} />/
                  <code>
                    <Faithful text={t.branch} />
                  </code>
                  {t.protected ? ' (protected branch)' : ''}
                  <div className="small">
                    <Known
                      fact={t.discarded}
                      show={(d) =>
                        d.count === 0
                          ? 'discards no commits'
                          : `discards ${d.count} commit${d.count === 1 ? '' : 's'} on ${d.trackingRef}`
                      }
                    />
                  </div>
                </li>
              ))}
            </ul>
          )}
        />
      )}
    </div>
  );
}
