import { Faithful } from '../../ui/Faithful.js';

/** A short table of where a cloud or cluster command would act (kube context, AWS profile, terraform workspace). */
export function TargetFactView({ rows }: { rows: Array<[string, string | null]> }) {
  return (
    <dl className="ctx-nested">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            {v === null ? (
              <span className="muted">—</span>
            ) : (
              <code>
                <Faithful text={v} />
              </code>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
