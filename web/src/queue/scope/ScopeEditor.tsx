/** Widening or narrowing the proposed scope before approving (the CLI's --write/--network/… flags). */
import type { ExecScope } from '../../../../src/protocol/scope.js';

const WEB_AND_GIT = [443, 80, 22, 9418];

export function ScopeEditor({ scope, onChange }: { scope: ExecScope; onChange: (s: ExecScope) => void }) {
  const net = scope.network.mode === 'tcp' ? `tcp:${scope.network.ports.join(',')}` : scope.network.mode;
  const netChoices = [
    ['none', 'none'],
    [`tcp:${WEB_AND_GIT.join(',')}`, 'web and git (TCP 443, 80, 22, 9418)'],
    ['any', 'any'],
  ];
  if (!netChoices.some(([v]) => v === net)) netChoices.splice(1, 0, [net, `as proposed (${net})`]);
  const set = (patch: Partial<ExecScope>) => onChange({ ...scope, ...patch });
  return (
    <div className="scope-editor" data-testid="scope-editor">
      <label>
        Network
        <select
          value={net}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'none' || v === 'any') set({ network: { mode: v, ports: [] } });
            else set({ network: { mode: 'tcp', ports: v.slice(4).split(',').map(Number) } });
          }}
        >
          {netChoices.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Read
        <select value={scope.read} onChange={(e) => set({ read: e.target.value as ExecScope['read'] })}>
          <option value="default">everything but secrets</option>
          <option value="all">everything, secrets included</option>
        </select>
      </label>
      <label>
        Local sockets (Docker, SSH agent, database sockets)
        <select value={scope.unix} onChange={(e) => set({ unix: e.target.value as ExecScope['unix'] })}>
          <option value="none">none</option>
          <option value="any">any</option>
        </select>
      </label>
      <label>
        May write (one path per line: absolute, ~/…, . for the project, $TMP)
        <textarea
          rows={3}
          value={scope.write.join('\n')}
          onChange={(e) =>
            set({
              write: e.target.value
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l === '.' || l === '$TMP' || l.startsWith('/') || l.startsWith('~/')),
            })
          }
        />
      </label>
    </div>
  );
}
