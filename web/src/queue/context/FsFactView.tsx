/** What a path in the command really is: where it resolves (through which links), what it holds, whether it leaves the project. */
import type { FsFact, FsTarget } from '../../../../src/protocol/context.js';
import { Known } from './FactView.js';
import { Faithful } from '../../ui/Faithful.js';

export function FsFactView({ fact }: { fact: FsFact }) {
  return (
    <div className="fs-fact">
      <p className="small">
        <code>
          <Faithful text={fact.pattern} />
        </code>{' '}
        {fact.glob ? (
          <span className="muted">
            matches {fact.matchCount}
            {fact.matchesCapped ? '+' : ''} path{fact.matchCount === 1 ? '' : 's'}
          </span>
        ) : null}
      </p>
      <ul className="ctx-list">
        {fact.matches.map((t) => (
          <Target key={t.path} target={t} />
        ))}
      </ul>
    </div>
  );
}

function Target({ target: t }: { target: FsTarget }) {
  const outside = [
    t.outside.cwd && 'the working directory',
    t.outside.gitRoot && 'the git repository',
    t.outside.home && 'the home directory',
  ].filter(Boolean);
  return (
    <li>
      <code>
        <Faithful text={t.path} />
      </code>
      {t.resolved !== t.path && (
        <>
          {' '}
          →{' '}
          <code className="warn-inline">
            <Faithful text={t.resolved} />
          </code>
        </>
      )}{' '}
      <span className="muted">
        {t.exists ? t.type : 'does not exist'}
        {t.finalLink ? ' (the link itself)' : ''}
      </span>
      {t.hops.length > 0 && (
        <div className="small warn-inline">
          through symlink{t.hops.length > 1 ? 's' : ''}:{' '}
          <Faithful text={t.hops.map((h) => `${h.from} → ${h.to}`).join(', ')} />
        </div>
      )}
      {outside.length > 0 && <div className="small warn-inline">outside {outside.join(', ')}</div>}
      {t.size && (
        <div className="small">
          <Known
            fact={t.size}
            show={(s) =>
              `${s.files.toLocaleString()}${s.capped ? '+' : ''} files, ${bytes(s.bytes)}${s.capped ? '+' : ''}`
            }
          />
        </div>
      )}
      <div className="small muted">
        <Known fact={t.mount} show={(m) => `on ${m.mountPoint} (${m.fsType}, ${m.source})`} />
      </div>
    </li>
  );
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}
