/** What the command may do when it runs (docs/confinement.md): shown before the decision. */
import type { ExecScope } from '../../../../src/protocol/scope.js';
import { Faithful } from '../../ui/Faithful.js';

const pathName = (p: string) => (p === '.' ? './ (the project)' : p === '$TMP' ? '$TMP (the temp dir)' : p);

export function ScopeView({ scope, title = 'It may' }: { scope: ExecScope; title?: string }) {
  const rows: Array<[string, string]> = [
    ['write', scope.write.map(pathName).join(', ')],
    ...(scope.remove.length ? [['delete', scope.remove.join(', ')] as [string, string]] : []),
    [
      'read',
      scope.read === 'all'
        ? 'everything, secrets included'
        : `everything but secrets${scope.readSecrets.length ? `; also ${scope.readSecrets.join(', ')}` : ''}`,
    ],
    [
      'network',
      scope.network.mode === 'tcp' ? `TCP ports ${scope.network.ports.join(', ')}` : scope.network.mode,
    ],
    ['local sockets', `${scope.unix}${scope.keepEnv.length ? `; keeps ${scope.keepEnv.join(', ')}` : ''}`],
    ...Object.entries(scope.resolved ?? {}).map(
      ([p, to]) => ['resolves', `${p} → ${to}`] as [string, string],
    ),
  ];
  return (
    <section className="scope" aria-labelledby="scope-title" data-testid="scope">
      <h3 id="scope-title">{title}</h3>
      <dl className="scope-rows">
        {rows.map(([k, v], i) => (
          <div key={i} className={k === 'resolves' ? 'warn-inline' : ''}>
            <dt>{k}</dt>
            <dd>
              <Faithful text={v} />
            </dd>
          </div>
        ))}
      </dl>
      {scope.why.length > 0 && (
        <ul className="small muted scope-why">
          {scope.why.map((w, i) => (
            <li key={i}>
              <Faithful text={w} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
