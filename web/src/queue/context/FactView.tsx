/** A probe's fact: its view when known, the reason when not. */
import type { ReactNode } from 'react';
import type { Fact } from '../../../../src/protocol/context.js';
import { Faithful } from '../../ui/Faithful.js';

export function FactView<T>({
  title,
  fact,
  render,
}: {
  title: string;
  fact: Fact<T>;
  render: (value: T) => ReactNode;
}) {
  return (
    <>
      <h4>{title}</h4>
      {fact.known ? (
        text(render(fact.value))
      ) : (
        <p className="muted">
          unknown: <Faithful text={fact.why} />
        </p>
      )}
    </>
  );
}

/** An inline fact: the value, or "unknown (why)". */
export function Known<T>({ fact, show }: { fact: Fact<T> | undefined; show: (value: T) => ReactNode }) {
  if (!fact) return null;
  return fact.known ? (
    <>{text(show(fact.value))}</>
  ) : (
    <span className="muted">
      unknown (<Faithful text={fact.why} />)
    </span>
  );
}

/** A string from a fact (it may carry what the agent side reported) goes through the display rule. */
function text(node: ReactNode): ReactNode {
  return typeof node === 'string' ? <Faithful text={node} /> : node;
}
