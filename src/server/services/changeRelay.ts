/**
 * Turns the store's change feed into push messages, cache invalidations and the end of event
 * streams whose credential was revoked. Every replica runs
 * one; with PostgreSQL the feed is LISTEN/NOTIFY, so a decision taken on replica B reaches the
 * agent waiting on replica A this way.
 */
import type { Store, StoreChange } from '../../store/store.js';
import { requestView } from '../views.js';
import type { PushHub } from './pushHub.js';
import type { WhitelistCache } from './whitelistCache.js';
import type { OrgCache } from './orgCache.js';
import type { LiveStreams } from './liveStreams.js';
import type { TokenResolver } from '../credentials.js';
import type { Log } from '../log.js';

export interface RelayDeps {
  store: Store;
  hub: PushHub;
  whitelists: WhitelistCache;
  orgs: OrgCache;
  streams: LiveStreams;
  tokens: Pick<TokenResolver, 'invalidate'>;
  onRequestChange: () => void;
  /** A change could not be relayed to the streams watching it. */
  onRelayFailure: () => void;
  log: Log;
}

export function startChangeRelay(deps: RelayDeps): () => void {
  const announced = new Set<string>();
  return deps.store.subscribe((change: StoreChange) => {
    switch (change.type) {
      case 'request':
        deps.onRequestChange();
        void relayRequest(deps, change.orgId, change.id, announced);
        break;
      case 'whitelist':
        deps.whitelists.invalidate(change.orgId);
        deps.hub.publishToOrg(change.orgId, { type: 'whitelist.changed', orgId: change.orgId });
        break;
      case 'revoked':
        // Synchronously, before the feed delivers any later change: nothing reaches these streams.
        deps.streams.revoke(change);
        deps.tokens.invalidate();
        break;
      case 'org':
        deps.orgs.invalidate(change.orgId);
        deps.tokens.invalidate();
        // e.g. two-factor sign-in became required: password-only sessions end.
        deps.streams.recheck(change.orgId);
        break;
      case 'resync':
        // The feed was interrupted (e.g. a database reconnect): anything may have changed.
        deps.whitelists.invalidate();
        deps.orgs.invalidate();
        deps.tokens.invalidate();
        deps.streams.recheck();
        deps.onRequestChange();
        break;
    }
  });
}

async function relayRequest(
  deps: RelayDeps,
  orgId: string,
  id: string,
  announced: Set<string>,
): Promise<void> {
  // Nobody is watching (the common case for whitelisted traffic): no need to read it back.
  if (!deps.hub.hasOrgListeners(orgId) && !deps.hub.hasRequestListeners(id)) return;
  try {
    const record = await deps.store.getRequest(orgId, id);
    if (!record) return;
    const request = requestView(record);
    const first = !announced.has(id);
    if (first) {
      if (announced.size > 50_000) announced.clear();
      announced.add(id);
    }
    const message = { type: first ? ('request.created' as const) : ('request.updated' as const), request };
    deps.hub.publishToOrg(orgId, message);
    deps.hub.publishToRequest(id, { type: 'request.updated', request });
  } catch (error) {
    deps.onRelayFailure();
    deps.log.warn({ err: error, request: id }, 'could not relay a change of a request to its event streams');
  }
}
