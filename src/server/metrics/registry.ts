/**
 * The Prometheus side (prom-client): Node's process metrics, the tallies ServerMetrics keeps, and
 * gauges read from the store when /metrics is scraped (pending requests, database and change-feed
 * health). Names and meanings: docs/operations.md, "Metrics".
 */
import { collectDefaultMetrics, Gauge, Registry, type Metric } from 'prom-client';
import type { Store, StoreHealth } from '../../store/store.js';
import { combinations, type CountTable, type LatencyTable } from './tallies.js';
import type { ServerMetrics } from './serverMetrics.js';

export interface MetricsSources {
  metrics: ServerMetrics;
  store: Store;
  version: string;
  /** Open event streams (dashboards, reviewer CLIs, waiting agents). */
  openStreams: () => number;
  /** How long a scrape waits for the store's health checks. */
  healthTimeoutMs?: number;
}

export interface MetricsExposition {
  /** Renders the exposition now, with a fresh health check of the store. */
  render(): Promise<{ body: string; contentType: string }>;
}

export function createMetrics(sources: MetricsSources): MetricsExposition {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = sources.metrics;

  const tally = (name: string, help: string, read: () => TallyValue[], type: 'counter' | 'histogram') =>
    // prom-client reads name, help, type and get() from each registered metric (its public
    // MetricObjectWithValues shape); these are computed from the tallies at scrape time.
    registry.registerMetric(new TallyMetric(name, help, type, read) as unknown as Metric);

  tally(
    'expacti_requests_total',
    'Commands submitted, by how the gate answered (allowed by the whitelist, denied by a deny entry, pending review) and risk tier.',
    () => counts(m.requests),
    'counter',
  );
  tally(
    'expacti_decisions_total',
    'Pending requests decided, by outcome (approved or denied by a reviewer, expired, allowed by a context-bound entry) and tier.',
    () => counts(m.decisions),
    'counter',
  );
  tally(
    'expacti_decision_latency_seconds',
    'Time from submission to the decision of a request that waited (reviewer, expiry or context check).',
    () => histogram('expacti_decision_latency_seconds', m.decisionLatency),
    'histogram',
  );
  tally(
    'expacti_approvals_unclaimed_total',
    'Approvals that expired because no agent ran them within the claim window.',
    () => counts(m.approvalsUnclaimed),
    'counter',
  );
  tally(
    'expacti_whitelist_hits_total',
    'Whitelist entry hits (one command allowed by two entries is two hits).',
    () => counts(m.whitelistHits),
    'counter',
  );
  tally(
    'expacti_audit_checkpoint_writes_total',
    'Signed audit checkpoints written to a sink, by sink kind and result (a failed webhook delivery is result="failed").',
    () => counts(m.checkpointWrites),
    'counter',
  );
  tally(
    'expacti_notification_deliveries_total',
    'Notification delivery attempts on this replica, by channel kind and result: sent, failed (retried later with backoff), dead (failed for good: in the dead-letter list).',
    () => counts(m.notifications),
    'counter',
  );
  tally(
    'expacti_push_relay_failures_total',
    'Changes that could not be relayed to open event streams (dashboards and waiting agents).',
    () => counts(m.relayFailures),
    'counter',
  );
  tally(
    'expacti_change_feed_resyncs_total',
    'Times the change feed (re)started listening and caches were reloaded (PostgreSQL: each LISTEN (re)connect).',
    () => counts(m.feedResyncs),
    'counter',
  );
  tally(
    'expacti_http_errors_total',
    'API error answers, by wire error code (internal and unavailable are the server-side ones).',
    () => counts(m.httpErrors),
    'counter',
  );
  tally(
    'expacti_store_operation_seconds',
    'Latency of each store operation, as the server saw it (writes include the commit).',
    () => histogram('expacti_store_operation_seconds', m.storeCalls, { skipUnused: true }),
    'histogram',
  );
  tally(
    'expacti_store_operation_errors_total',
    'Store operations that failed (e.g. the database was unreachable), by operation.',
    () => counts(m.storeErrors),
    'counter',
  );

  new Gauge({
    name: 'expacti_build_info',
    help: 'Always 1; the labels say which version runs on which store.',
    labelNames: ['version', 'store'],
    registers: [registry],
    collect() {
      this.set({ version: sources.version, store: sources.store.kind }, 1);
    },
  });
  new Gauge({
    name: 'expacti_pending_requests',
    help: 'Requests waiting for a reviewer, in all orgs (read from the store: every replica reports the same number).',
    registers: [registry],
    async collect() {
      try {
        this.set(await sources.store.countPending());
      } catch {
        this.set(Number.NaN); // unknown, not zero
      }
    },
  });
  new Gauge({
    name: 'expacti_notification_outbox',
    help: 'Notifications in the outbox, in all orgs (read from the store): pending (still to send, due or waiting to retry) and dead (dead letters an admin can retry).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const n = await sources.store.countNotifications();
        this.set({ status: 'pending' }, n.pending);
        this.set({ status: 'dead' }, n.dead);
      } catch {
        this.set({ status: 'pending' }, Number.NaN); // unknown, not zero
        this.set({ status: 'dead' }, Number.NaN);
      }
    },
  });
  new Gauge({
    name: 'expacti_open_event_streams',
    help: 'Event streams open on this replica.',
    registers: [registry],
    collect() {
      this.set(sources.openStreams());
    },
  });

  // One health check per scrape, started by render() and shared by the four gauges below.
  let current: Promise<StoreHealth> | null = null;
  const health = (): Promise<StoreHealth> =>
    (current ??= sources.store.health(sources.healthTimeoutMs ?? 2000));
  const upGauge = (name: string, help: string, pick: (h: StoreHealth) => StoreHealth['database']) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await health()).ok ? 1 : 0);
      },
    });
  const secondsGauge = (name: string, help: string, pick: (h: StoreHealth) => StoreHealth['database']) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const check = pick(await health());
        this.set(check.ok ? check.ms / 1000 : Number.NaN); // unknown while failing, not zero
      },
    });
  upGauge(
    'expacti_store_up',
    '1 when the database answered a trivial query at scrape time.',
    (h) => h.database,
  );
  secondsGauge(
    'expacti_store_ping_seconds',
    'How long the database took to answer a trivial query at scrape time.',
    (h) => h.database,
  );
  upGauge(
    'expacti_change_feed_up',
    '1 when changes committed by any replica reach this one (PostgreSQL: LISTEN is up and a probe came back).',
    (h) => h.changeFeed,
  );
  secondsGauge(
    'expacti_change_feed_lag_seconds',
    'Replica feed lag: time for a probe notification to come back through PostgreSQL LISTEN/NOTIFY (0 on SQLite).',
    (h) => h.changeFeed,
  );
  return {
    async render() {
      current = sources.store.health(sources.healthTimeoutMs ?? 2000);
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}

interface TallyValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

class TallyMetric {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly read: () => TallyValue[],
  ) {}

  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: TallyValue[];
  }> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.read(),
    };
  }

  reset(): void {
    // The tallies are the server's own; a registry reset does not clear them.
  }
}

function counts(table: CountTable): TallyValue[] {
  return [...combinations(table.labelNames, table.space)].map(({ slot, labels }) => ({
    labels,
    value: table.counts[slot] as number,
  }));
}

/** `skipUnused`: leave out label sets never observed (store operations this server never called). */
function histogram(name: string, table: LatencyTable, options: { skipUnused?: boolean } = {}): TallyValue[] {
  const out: TallyValue[] = [];
  for (const { slot, labels } of combinations(table.labelNames, table.space)) {
    const { cumulative, count, sum } = table.read(slot);
    if (options.skipUnused && count === 0) continue;
    table.buckets.forEach((le, i) =>
      out.push({ labels: { ...labels, le }, value: cumulative[i] as number, metricName: `${name}_bucket` }),
    );
    out.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${name}_bucket` });
    out.push({ labels, value: sum, metricName: `${name}_sum` });
    out.push({ labels, value: count, metricName: `${name}_count` });
  }
  return out;
}
