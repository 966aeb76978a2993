/**
 * The live queue: pending requests ordered by tier then age, the selected one in detail with its
 * decision controls. j/k move, / searches; a/d/w are handled by the decision bar.
 *
 * The selection is always explicit (the request id in the address) and changes only by the
 * reviewer's action: a new arrival, a search or clearing it never swaps the request on screen.
 * A pending request the search hides is not shown at all, and nothing can decide it until it is.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { get } from '../api.js';
import type { RequestView } from '../types.js';
import { navigate, parseRoute } from '../router.js';
import { dialogOpen, isTyping } from '../ui/keys.js';
import type { Live } from './useLiveRequests.js';
import { matchesSearch, queueOrder } from './order.js';
import { QueueList } from './QueueList.js';
import { RequestDetail } from './RequestDetail.js';

/** The width from which the list and the detail sit side by side (styles.css: max-width 760px). */
const SIDE_BY_SIDE = '(min-width: 761px)';

interface Props {
  live: Live;
  selectedId: string | undefined;
  me: string;
}

export function QueuePage({ live, selectedId, me }: Props) {
  const [search, setSearch] = useState('');
  const [fetched, setFetched] = useState<RequestView | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const pending = useMemo(
    () =>
      [...live.requests.values()]
        .filter((r) => r.status === 'pending' && matchesSearch(r, search))
        .sort(queueOrder),
    [live.requests, search],
  );
  const chosen = selectedId
    ? (live.requests.get(selectedId) ?? (fetched?.id === selectedId ? fetched : null))
    : null;
  const hidden = chosen !== null && chosen.status === 'pending' && !matchesSearch(chosen, search);
  const selected = hidden ? null : chosen;

  // Nothing selected, list and detail side by side: select the first request explicitly, so that
  // later arrivals cannot move it. On a narrow screen the list is the page until one is picked.
  const first = pending[0];
  useEffect(() => {
    // Only while the address still says "the queue, nothing selected" (not after a move elsewhere).
    const here = parseRoute(window.location.hash);
    if (here.page !== 'queue' || here.id) return;
    if (!selectedId && first && window.matchMedia(SIDE_BY_SIDE).matches)
      navigate({ page: 'queue', id: first.id }, true);
  }, [selectedId, first]);

  // A deep link (#/requests/<id>) to a request this page has not seen: load it once.
  useEffect(() => {
    if (!selectedId || live.requests.has(selectedId)) return;
    let live_ = true;
    get<{ request: RequestView }>(`/v1/requests/${selectedId}`).then(
      (r) => live_ && setFetched(r.request),
      () => live_ && setFetched(null),
    );
    return () => {
      live_ = false;
    };
  }, [selectedId, live.requests]);

  const select = (r: RequestView | undefined) => r && navigate({ page: 'queue', id: r.id }, true);

  /** After this page decided `r`: go to the next pending one in order. */
  const next = (r: RequestView) => {
    const i = pending.findIndex((p) => p.id === r.id);
    const candidates = pending.filter((p) => p.id !== r.id);
    const target = candidates[Math.min(Math.max(i, 0), candidates.length - 1)];
    if (target) select(target);
    else navigate({ page: 'queue' }, true);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTyping(e)) {
        if (e.key === 'Escape') (e.target as HTMLElement).blur();
        return;
      }
      if (dialogOpen()) return;
      const i = chosen ? pending.findIndex((p) => p.id === chosen.id) : -1;
      if (e.key === 'j') select(pending[i < 0 ? 0 : Math.min(i + 1, pending.length - 1)]);
      else if (e.key === 'k') select(pending[i < 0 ? 0 : Math.max(i - 1, 0)]);
      else if (e.key === '/') searchRef.current?.focus();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className={`queue ${selectedId ? 'has-selection' : ''}`}>
      <section className="queue-list" aria-labelledby="queue-title">
        <div className="queue-head">
          <h1 id="queue-title">
            Pending <span className="muted">({pending.length})</span>
          </h1>
          <label className="search">
            <span className="sr-only">Search the queue</span>
            <input
              ref={searchRef}
              type="search"
              placeholder="Search  /"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
        </div>
        <QueueList requests={pending} selectedId={selected?.id ?? null} onSelect={select} />
      </section>
      <section className="queue-detail" aria-label="Selected request">
        {selected ? (
          <>
            <a className="back" href="#/queue">
              ← Queue
            </a>
            <RequestDetail
              key={selected.id}
              request={selected}
              me={me}
              onChanged={live.put}
              onDecided={next}
            />
          </>
        ) : hidden ? (
          <div className="empty" data-testid="selection-hidden">
            <p>The selected request is hidden by the search.</p>
            <p className="muted">
              Clear the search (<kbd>Esc</kbd>) to see it again, or pick a request from the list. Nothing can
              be decided until a request is on screen.
            </p>
          </div>
        ) : (
          <div className="empty">
            <p>Nothing waits for review.</p>
            <p className="muted">New requests appear here as agents submit them.</p>
          </div>
        )}
      </section>
    </div>
  );
}
