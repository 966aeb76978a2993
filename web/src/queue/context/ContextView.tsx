/**
 * Runtime context from the agent's probes (issue 4): resolved paths, git facts, SQL estimates,
 * cloud and kube targets; plus what the server concluded (a raised tier, a changed binding).
 * Every fact is shown as known or as unknown with the reason.
 */
import type { ProbeResult, RuntimeContext } from '../../../../src/protocol/context.js';
import { FactView } from './FactView.js';
import { FsFactView } from './FsFactView.js';
import { GitFactView } from './GitFactView.js';
import { SqlFactView } from './SqlFactView.js';
import { TargetFactView } from './TargetFactView.js';
import { BindingView } from './BindingView.js';
import { Faithful } from '../../ui/Faithful.js';

export function ContextView({ context }: { context: RuntimeContext | undefined }) {
  const probes = context?.probes ?? [];
  if (!context || (probes.length === 0 && !context.assessment && !context.binding)) return null;
  return (
    <section className="context" aria-labelledby="ctx-title" data-testid="runtime-context">
      <h3 id="ctx-title">
        Runtime context{' '}
        {context.collected ? (
          <span className="muted small">collected in {context.collected.elapsedMs} ms</span>
        ) : null}
      </h3>
      {context.assessment && context.assessment.reasons.length > 0 && (
        <ul className="ctx-assessment">
          {context.assessment.reasons.map((r, i) => (
            <li key={i}>
              {r.tier ? <span className={`tier-dot tier-${r.tier}`}>{r.tier}</span> : null}{' '}
              <Faithful text={r.message} />
            </li>
          ))}
        </ul>
      )}
      {context.binding && <BindingView binding={context.binding} />}
      {probes.map((p) => (
        <div key={p.id} className="ctx-probe">
          <ProbeView probe={p} />
        </div>
      ))}
    </section>
  );
}

function ProbeView({ probe }: { probe: ProbeResult }) {
  switch (probe.kind) {
    case 'fs':
      return <FactView title="Path" fact={probe.fact} render={(f) => <FsFactView fact={f} />} />;
    case 'git':
      return <FactView title="Git" fact={probe.fact} render={(f) => <GitFactView fact={f} />} />;
    case 'sql':
      return <FactView title="Database" fact={probe.fact} render={(f) => <SqlFactView fact={f} />} />;
    case 'kube':
      return (
        <FactView
          title="Kubernetes"
          fact={probe.fact}
          render={(f) => (
            <TargetFactView
              rows={[
                ['context', f.context],
                ['namespace', f.namespace],
                ['cluster', f.cluster],
                ['server', f.server],
                ['from', f.source],
              ]}
            />
          )}
        />
      );
    case 'aws':
      return (
        <FactView
          title="AWS"
          fact={probe.fact}
          render={(f) => (
            <TargetFactView
              rows={[
                ['profile', f.profile],
                ['region', f.region],
                ['from', f.source],
              ]}
            />
          )}
        />
      );
    case 'terraform':
      return (
        <FactView
          title="Terraform"
          fact={probe.fact}
          render={(f) => (
            <TargetFactView
              rows={[
                ['workspace', f.workspace],
                ['from', f.source],
              ]}
            />
          )}
        />
      );
    case 'lockfile':
      return (
        <FactView
          title="Packages"
          fact={probe.fact}
          render={(f) => (
            <TargetFactView
              rows={[
                ['lockfile', f.lockfile],
                ['already dependencies', f.present.join(', ') || null],
                ['NEW dependencies', f.missing.join(', ') || null],
              ]}
            />
          )}
        />
      );
    default:
      return <pre className="small">{JSON.stringify(probe, null, 2)}</pre>;
  }
}
