/**
 * The org's requests as the server pushes them (GET /v1/events): the pending list is loaded on
 * every (re)connection, then kept current by request.created / request.updated messages, so a
 * decision made anywhere (another tab, the CLI, another reviewer) shows at once.
 */
import { useCallback, useEffect, useState } from 'react';
import { get } from '../api.js';
import type { RequestView } from '../types.js';

export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface Live {
  /** Every request seen since the page loaded, by id (pending ones and those decided while watched). */
  requests: Map<string, RequestView>;
  connection: Connection;
  /** Bumps whenever the org's whitelist changes. */
  whitelistVersion: number;
  /** Shows a request this page just changed (an answer to its own decision) before the push arrives. */
  put: (r: RequestView) => void;
}

/** Whether `held` is a later state of the same request than `loaded` (decided, or with its context). */
function fresher(held: RequestView | undefined, loaded: RequestView): boolean {
  if (!held) return false;
  if (held.status !== 'pending' && loaded.status === 'pending') return true;
  return held.context?.collected !== undefined && loaded.context?.collected === undefined;
}

export function useLiveRequests(): Live {
  const [requests, setRequests] = useState(() => new Map<string, RequestView>());
  const [connection, setConnection] = useState<Connection>('connecting');
  const [whitelistVersion, setWhitelistVersion] = useState(0);

  const put = useCallback(
    (r: RequestView) =>
      setRequests((prev) => {
        const old = prev.get(r.id);
        // Never let a late "pending" copy overwrite a decision already shown.
        if (old && old.status !== 'pending' && r.status === 'pending') return prev;
        const next = new Map(prev);
        next.set(r.id, r);
        return next;
      }),
    [],
  );

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const reload = async () => {
      const { requests: pending } = await get<{ requests: RequestView[] }>(
        '/v1/requests?status=pending&limit=1000',
      );
      setRequests((prev) => {
        const next = new Map(prev);
        // Pending ones we hold that are no longer pending were decided while we were away.
        for (const [id, r] of next)
          if (r.status === 'pending' && !pending.some((p) => p.id === id)) next.delete(id);
        // A push that arrived while this list was on its way is newer than the list's copy.
        for (const r of pending) if (!fresher(next.get(r.id), r)) next.set(r.id, r);
        return next;
      });
    };
    const onRequest = (e: MessageEvent<string>) =>
      put((JSON.parse(e.data) as { request: RequestView }).request);
    const connect = () => {
      source = new EventSource('/v1/events');
      source.addEventListener('hello', () => {
        setConnection('live');
        void reload().catch(() => setConnection('reconnecting'));
      });
      source.addEventListener('request.created', onRequest);
      source.addEventListener('request.updated', onRequest);
      source.addEventListener('whitelist.changed', () => setWhitelistVersion((v) => v + 1));
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return setConnection('reconnecting');
        // The browser gives up on an HTTP error (server restarting, session gone): check, then retry.
        setConnection('reconnecting');
        source.close();
        retry = setTimeout(() => {
          if (stopped) return;
          get('/v1/me').then(
            () => !stopped && connect(),
            () => !stopped && (retry = setTimeout(connect, 5000)),
          );
        }, 2000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [put]);

  return { requests, connection, whitelistVersion, put };
}
