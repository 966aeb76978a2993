/**
 * The store as the server uses it, measured: every operation's latency and failures, and — from
 * the writes that commit a request's state — the gate's outcomes. Counting at this one choke point
 * (rather than in each route or service) sees every path that changes a request: the API, the
 * dashboard, the expiry sweeper, late claims, context checks. A count is taken only once the write
 * committed.
 */
import type { Store } from '../../store/store.js';
import type { ServerMetrics } from './serverMetrics.js';

type Operation = {
  [K in keyof Store]: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Store];

/** Every store operation the server calls (checked complete at compile time, below). */
export const STORE_OPERATIONS = [
  'countOrgs',
  'createOrg',
  'getOrg',
  'updateOrgSettings',
  'createUser',
  'getUser',
  'findUserByName',
  'listUsers',
  'removeUser',
  'updateUser',
  'createToken',
  'findTokenByHash',
  'listTokens',
  'revokeToken',
  'touchToken',
  'createWebSession',
  'getWebSession',
  'verifyWebSession',
  'deleteWebSession',
  'insertRequest',
  'getRequest',
  'listRequests',
  'decideRequest',
  'claimExecution',
  'recordResult',
  'attachContext',
  'expireApproval',
  'listExpired',
  'nextExpiry',
  'insertWhitelistEntry',
  'getWhitelistEntry',
  'listWhitelist',
  'updateWhitelistEntry',
  'deleteWhitelistEntry',
  'recordWhitelistHits',
  'readSignInFailures',
  'recordSignInFailures',
  'clearSignInFailures',
  'pruneSignInFailures',
  'addRateCounts',
  'pruneRateCounts',
  'insertReads',
  'listReads',
  'clearTaint',
  'taintCleared',
  'appendAudit',
  'readAudit',
  'auditHead',
  'countPending',
  'countNotifications',
  'ticketRequest',
  'openTickets',
  'redeemTicket',
  'insertPolicyVersion',
  'latestPolicy',
  'getPolicyVersion',
  'listPolicyVersions',
  'createGroup',
  'deleteGroup',
  'setGroupMember',
  'listGroups',
  'castVote',
  'listVotes',
  'listEscalationsDue',
  'escalateRequest',
  'enqueueNotifications',
  'claimNotifications',
  'finishNotification',
  'listNotifications',
  'retryNotification',
  'useDecideLink',
  'updateRequestPolicy',
  'insertRecording',
  'getRecording',
  'listRecordings',
] as const satisfies readonly Operation[];

/** Not measured: start-up, shutdown, and the health probe (which reports its own timing). */
type Unmeasured = 'migrate' | 'close' | 'health';
type Missing = Exclude<Operation, (typeof STORE_OPERATIONS)[number] | Unmeasured>;
// A new store operation must be listed above: this line fails to compile until it is.
export const storeOperationsComplete: [Missing] extends [never] ? true : Missing = true;

export function instrumentStore(store: Store, metrics: ServerMetrics): Store {
  const measured: Partial<Record<string, unknown>> = {};
  STORE_OPERATIONS.forEach((name, slot) => {
    const call = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store);
    const record = outcomeRecorder(name, metrics);
    measured[name] = (...args: unknown[]) => {
      const started = performance.now();
      return call(...args).then(
        (result) => {
          metrics.storeCalls.observe(slot, (performance.now() - started) / 1000);
          record?.(args, result);
          return result;
        },
        (error: unknown) => {
          metrics.storeCalls.observe(slot, (performance.now() - started) / 1000);
          metrics.storeErrors.add(slot);
          throw error;
        },
      );
    };
  });
  return new Proxy(store, {
    get: (target, key, receiver) =>
      typeof key === 'string' && key in measured ? measured[key] : Reflect.get(target, key, receiver),
  });
}

type Recorder = (args: unknown[], result: unknown) => void;

/** For the writes that commit a request's state: what to count once they succeed. */
function outcomeRecorder(name: string, metrics: ServerMetrics): Recorder | undefined {
  switch (name) {
    case 'insertRequest':
      return (args) => {
        const record = args[0] as Parameters<Store['insertRequest']>[0];
        metrics.requestStored(record.status, record.analysis.tier);
      };
    case 'decideRequest':
      return (args, result) => {
        const r = result as Awaited<ReturnType<Store['decideRequest']>>;
        if (!r.ok) return;
        const decision = args[3] as Parameters<Store['decideRequest']>[3];
        const seconds = (Date.parse(decision.at) - Date.parse(r.request.createdAt)) / 1000;
        metrics.requestDecided(
          r.request.status,
          decision.by.kind === 'whitelist',
          r.request.analysis.tier,
          seconds,
        );
      };
    case 'expireApproval':
      return (_args, result) => {
        if ((result as Awaited<ReturnType<Store['expireApproval']>>).ok) metrics.approvalsUnclaimed.add(0);
      };
    case 'recordWhitelistHits':
      return (args) => {
        const hits = args[0] as Parameters<Store['recordWhitelistHits']>[0];
        let n = 0;
        for (const h of hits) n += h.count;
        metrics.whitelistHits.add(0, n);
      };
    default:
      return undefined;
  }
}
