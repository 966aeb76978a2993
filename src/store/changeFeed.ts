/** The in-process side of the change feed: listeners, each isolated from the others' failures. */
import type { StoreChange } from './store.js';

export type ChangeListener = (change: StoreChange) => void;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: ChangeListener): () => void {
    // Wrapped so that the same function subscribed twice gets two independent subscriptions.
    const entry: ChangeListener = (change) => listener(change);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(changes: readonly StoreChange[]): void {
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          // A failing listener must not undo a committed write nor starve the other listeners.
          queueMicrotask(() => {
            process.emitWarning(
              `expacti store: a change listener threw: ${String(error)}`,
              'ExpactiStoreWarning',
            );
          });
        }
      }
    }
  }
}
