/**
 * Runtime context collected on the agent side by probes (issue 4). Every fact is either known or
 * explicitly unknown with a reason — never silently absent once asked for.
 */
export type Fact<T> = { known: true; value: T } | { known: false; why: string };

export interface RuntimeContext {
  /** Free-form probe results keyed by probe id until the probe issue lands its typed shapes. */
  [probe: string]: unknown;
}
