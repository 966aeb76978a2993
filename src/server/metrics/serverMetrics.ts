/**
 * What the server counts, recorded where it happens. Everything here is an index and an increment
 * into preallocated tables (tallies.ts): the whitelisted fast path pays no allocation for it. The
 * Prometheus side (registry.ts) reads these tables when /metrics is scraped.
 */
import { TIERS, type Tier } from '../../protocol/tiers.js';
import { WIRE_ERROR_STATUS, type WireErrorCode } from '../../protocol/errors.js';
import { CountTable, LatencyTable, slotOf } from './tallies.js';
import type { ChannelConfig } from '../../core/policy/policySchema.js';

/** How the gate answered a submission: at once from the whitelist or a deny entry, or pending review. */
export const SUBMIT_DECISIONS = ['allowed', 'denied', 'pending'] as const;
/** How a pending request ended: a reviewer, expiry, or a context-bound entry once the context matched. */
export const DECISION_OUTCOMES = ['approved', 'denied', 'expired', 'allowed'] as const;
export const SINK_KINDS = ['file', 'webhook'] as const;
/** Notification channel kinds (issue 11); unknown: a channel no longer in the org's policy. */
export const CHANNEL_KINDS = ['slack', 'teams', 'webhook', 'email', 'unknown'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
// A new channel type must be listed above: this line fails to compile until it is.
export const channelKindsComplete: Exclude<ChannelConfig['type'], ChannelKind> extends never ? true : never =
  true;
/** One delivery attempt: sent, failed (retried later), dead (failed for good: a dead letter). */
export const DELIVERY_RESULTS = ['sent', 'failed', 'dead'] as const;
export type DeliveryResult = (typeof DELIVERY_RESULTS)[number];
const RESULTS = ['ok', 'failed'] as const;
const WIRE_CODES = Object.keys(WIRE_ERROR_STATUS) as WireErrorCode[];

/** Seconds from submission to decision: reviewers take seconds to an hour. */
const DECISION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
/** Seconds per store call: sub-millisecond to seconds. */
export const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ServerMetrics {
  readonly requests = new CountTable(['decision', 'tier'], [SUBMIT_DECISIONS, TIERS]);
  readonly decisions = new CountTable(['outcome', 'tier'], [DECISION_OUTCOMES, TIERS]);
  readonly decisionLatency = new LatencyTable(['outcome'], [DECISION_OUTCOMES], DECISION_BUCKETS);
  readonly approvalsUnclaimed = new CountTable([], []);
  readonly whitelistHits = new CountTable([], []);
  readonly checkpointWrites = new CountTable(['sink', 'result'], [SINK_KINDS, RESULTS]);
  readonly relayFailures = new CountTable([], []);
  readonly notifications = new CountTable(['kind', 'result'], [CHANNEL_KINDS, DELIVERY_RESULTS]);
  readonly feedResyncs = new CountTable([], []);
  readonly httpErrors = new CountTable(['code'], [WIRE_CODES]);
  readonly storeCalls: LatencyTable;
  readonly storeErrors: CountTable;

  constructor(readonly storeOperations: readonly string[]) {
    this.storeCalls = new LatencyTable(['operation'], [storeOperations], STORE_BUCKETS);
    this.storeErrors = new CountTable(['operation'], [storeOperations]);
  }

  /** A new request was stored: allowed by the whitelist, denied by a deny entry, or pending. */
  requestStored(status: string, tier: Tier): void {
    const decision = status === 'approved' ? 0 : status === 'denied' ? 1 : 2;
    this.requests.add(slotOf(this.requests.space, [decision, TIERS.indexOf(tier)]));
  }

  /** A pending request was decided, `seconds` after it was submitted. */
  requestDecided(outcome: string, byWhitelist: boolean, tier: Tier, seconds: number): void {
    const index =
      byWhitelist && outcome === 'approved' ? 3 : DECISION_OUTCOMES.indexOf(outcome as 'approved');
    this.decisions.add(slotOf(this.decisions.space, [index, TIERS.indexOf(tier)]));
    this.decisionLatency.observe(slotOf(this.decisionLatency.space, [index]), Math.max(0, seconds));
  }

  checkpointWritten(sink: (typeof SINK_KINDS)[number], ok: boolean): void {
    this.checkpointWrites.add(slotOf(this.checkpointWrites.space, [SINK_KINDS.indexOf(sink), ok ? 0 : 1]));
  }

  notificationDelivered(kind: ChannelKind, result: DeliveryResult): void {
    this.notifications.add(
      slotOf(this.notifications.space, [CHANNEL_KINDS.indexOf(kind), DELIVERY_RESULTS.indexOf(result)]),
    );
  }

  httpError(code: WireErrorCode): void {
    this.httpErrors.add(WIRE_CODES.indexOf(code));
  }
}
