/**
 * Fans push messages out to open event streams: per org (dashboards, reviewer CLIs) and per
 * request (the agent waiting on it). Fed only by the store's change feed (changeRelay.ts), so a
 * change made on any replica reaches every replica's listeners the same way.
 */
import type { PushMessage } from '../../protocol/index.js';

export type PushListener = (message: PushMessage) => void;

export class PushHub {
  private byOrg = new Map<string, Set<PushListener>>();
  private byRequest = new Map<string, Set<PushListener>>();

  subscribeOrg(orgId: string, listener: PushListener): () => void {
    return add(this.byOrg, orgId, listener);
  }

  subscribeRequest(requestId: string, listener: PushListener): () => void {
    return add(this.byRequest, requestId, listener);
  }

  publishToOrg(orgId: string, message: PushMessage): void {
    for (const listener of this.byOrg.get(orgId) ?? []) safe(listener, message);
  }

  publishToRequest(requestId: string, message: PushMessage): void {
    for (const listener of this.byRequest.get(requestId) ?? []) safe(listener, message);
  }

  hasOrgListeners(orgId: string): boolean {
    return (this.byOrg.get(orgId)?.size ?? 0) > 0;
  }

  hasRequestListeners(requestId: string): boolean {
    return (this.byRequest.get(requestId)?.size ?? 0) > 0;
  }
}

function add(map: Map<string, Set<PushListener>>, key: string, listener: PushListener): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) map.delete(key);
  };
}

function safe(listener: PushListener, message: PushMessage): void {
  try {
    listener(message);
  } catch {
    // A broken stream must not stop the others; its own close handler unsubscribes it.
  }
}
