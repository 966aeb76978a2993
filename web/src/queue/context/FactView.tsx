/** A probe's fact: its view when known, the reason when not. */
import type { ReactNode } from 'react';
import type { Fact } from '../../../../src/protocol/context.js';

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
      {fact.known ? render(fact.value) : <p className="muted">unknown: {fact.why}</p>}
    </>
  );
}

/** An inline fact: the value, or "unknown (why)". */
export function Known<T>({ fact, show }: { fact: Fact<T> | undefined; show: (value: T) => ReactNode }) {
  if (!fact) return null;
  return fact.known ? <>{show(fact.value)}</> : <span className="muted">unknown ({fact.why})</span>;
}
