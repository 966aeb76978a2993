/**
 * Every open event stream, with the credential it was opened with. A stream may only ever send
 * while that credential holds, on every replica:
 *
 *  - a revoked token, a removed user or an ended session (the feed's `revoked` change, which
 *    PostgreSQL delivers to every replica in commit order) ends its streams at once — before any
 *    change committed after the revocation can be relayed, since the feed is in commit order;
 *  - anything else that may have changed who may read (org settings, a feed that was interrupted)
 *    makes the affected streams check their credential against the store again, and every message
 *    published meanwhile waits behind that check;
 *  - a stream checks once right after it registers, so that a revocation committed between
 *    authentication and registration (or hidden by the token cache) is not missed either;
 *  - a session's stream ends when the session expires.
 */
import type { Principal } from '../credentials.js';
import type { StoreChange } from '../../store/store.js';

export interface LiveStream {
  readonly principal: Principal;
  /** Ends the stream now: nothing more is written to it. Idempotent. */
  end(): void;
  /** Checks the credential against the store; every later write waits for it; ends the stream if it fails. */
  recheck(): void;
}

type Revocation = Extract<StoreChange, { type: 'revoked' }>;

export class LiveStreams {
  private byOrg = new Map<string, Set<LiveStream>>();

  /** Registers a stream; returns its unregistration. */
  add(stream: LiveStream): () => void {
    const orgId = stream.principal.orgId;
    let set = this.byOrg.get(orgId);
    if (!set) this.byOrg.set(orgId, (set = new Set()));
    set.add(stream);
    return () => {
      set.delete(stream);
      if (set.size === 0 && this.byOrg.get(orgId) === set) this.byOrg.delete(orgId);
    };
  }

  /** Ends, at once, every stream opened with one of the revoked credentials. Returns how many. */
  revoke(change: Revocation): number {
    const tokens = new Set(change.tokens ?? []);
    const users = new Set(change.users ?? []);
    const sessions = new Set(change.sessions ?? []);
    let ended = 0;
    for (const stream of [...(this.byOrg.get(change.orgId) ?? [])]) {
      const p = stream.principal;
      const c = p.credential;
      const hit =
        (c.kind === 'token' && tokens.has(c.tokenId)) ||
        (c.kind === 'session' && sessions.has(c.idHash)) ||
        (p.kind === 'user' && users.has(p.userId));
      if (hit) {
        stream.end();
        ended += 1;
      }
    }
    return ended;
  }

  /** Makes streams check their credential again: one org's session streams, or (no org) all. */
  recheck(orgId?: string): void {
    const streams =
      orgId === undefined
        ? [...this.byOrg.values()].flatMap((s) => [...s])
        : [...(this.byOrg.get(orgId) ?? [])];
    for (const stream of streams) {
      if (orgId === undefined || stream.principal.credential.kind === 'session') stream.recheck();
    }
  }

  get size(): number {
    let n = 0;
    for (const set of this.byOrg.values()) n += set.size;
    return n;
  }

  /** Shutdown: ends every stream. */
  endAll(): void {
    for (const set of [...this.byOrg.values()]) for (const stream of [...set]) stream.end();
  }
}
