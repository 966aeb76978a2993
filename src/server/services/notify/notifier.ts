/**
 * Notifications and escalation (issue 11). Never on the decision path: messages go to the store's
 * outbox — a new request's first ones (`outbox`) in the same transaction as the request, an
 * escalation step's with the step, a decision's with the decision (`prepare`) — and a
 * loop on every replica claims due ones (one replica per message), sends them, and retries failures
 * with backoff (1 s, 2 s, 4 s … up to 5 min, 8 attempts) before marking them dead — visible to
 * admins (GET /v1/notifications?status=dead), logged, retryable, never dropped silently. The same
 * loop takes due escalation steps (one compare-and-set per step, so one replica escalates each).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ChannelConfig } from '../../../core/policy/policySchema.js';
import { durationSeconds } from '../../../core/policy/policySchema.js';
import type { NotificationRecord, RequestRecord } from '../../../store/records.js';
import type { DecideLinkRow, Outbox, Store } from '../../../store/store.js';
import type { Log } from '../../log.js';
import type { PolicyService } from '../policies.js';
import { notifyContent, type NotifyContent, type NotifyEvent } from './message.js';
import { sendMessage } from './send.js';

export const MAX_ATTEMPTS = 8;
const CLAIM_MS = 60_000;
const DEFAULT_LINK_TTL_S = 3600;

export function backoffMs(attempt: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export function linkHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NotifierDeps {
  store: Store;
  policies: PolicyService;
  log: Log;
  now: () => Date;
  newId: () => string;
  publicUrl: () => string;
  env: NodeJS.ProcessEnv;
  /** Told of every delivery attempt (metrics): the channel's kind and how it went. */
  onDelivery?: (kind: ChannelConfig['type'] | 'unknown', result: 'sent' | 'failed' | 'dead') => void;
}

export class Notifier {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: NotifierDeps,
    private readonly intervalMs = 1000,
  ) {}

  /** Queues the event's messages; never throws (failures are logged). */
  announce(event: NotifyEvent, request: RequestRecord, group: string | null = null): void {
    this.enqueue(event, request, group).catch((error: unknown) =>
      this.deps.log.error({ err: error, requestId: request.id, event }, 'could not queue notifications'),
    );
  }

  /**
   * The event's messages (one per channel that wants it) and their decide links, built but not
   * stored: the caller commits them with the write that makes them due (a new request's first
   * notifications go in its insert's transaction). Null when no channel wants the event.
   */
  async outbox(
    event: NotifyEvent,
    request: RequestRecord,
    group: string | null = null,
  ): Promise<Outbox | null> {
    const { document } = await this.deps.policies.get(request.orgId);
    const channels = (document.notifications?.channels ?? []).filter((c) => wants(c, event, request, group));
    if (channels.length === 0) return null;
    const now = this.deps.now();
    const ttl = durationSeconds(document.notifications?.linkTtl ?? DEFAULT_LINK_TTL_S);
    const links: DecideLinkRow[] = [];
    const messages: NotificationRecord[] = [];
    for (const channel of channels) {
      const token = randomBytes(32).toString('base64url');
      links.push({
        hash: linkHash(token),
        orgId: request.orgId,
        requestId: request.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
      });
      const content = notifyContent(event, request, `${this.deps.publicUrl()}/v1/links/${token}`, group);
      messages.push({
        id: this.deps.newId(),
        orgId: request.orgId,
        channel: channel.name,
        event,
        requestId: request.id,
        payload: content as unknown as Record<string, unknown>,
        createdAt: now.toISOString(),
        nextAt: now.toISOString(),
        attempts: 0,
        status: 'pending',
        lastError: null,
        sentAt: null,
      });
    }
    return { messages, links };
  }

  /**
   * The event's messages for the caller to commit with its write (`outbox`), never throwing: when
   * building them fails, that is logged and `announceLater` asks the caller to `announce` once
   * its write is done, so the decision itself never waits on or fails for a notification.
   */
  async prepare(
    event: NotifyEvent,
    request: RequestRecord,
  ): Promise<{ outbox?: Outbox; announceLater: boolean }> {
    try {
      return { outbox: (await this.outbox(event, request)) ?? undefined, announceLater: false };
    } catch (error: unknown) {
      this.deps.log.error({ err: error, requestId: request.id, event }, 'could not build notifications');
      return { announceLater: true };
    }
  }

  /** Wakes the delivery loop after a write that committed messages. */
  committed(box: Outbox | undefined): void {
    if (box && box.messages.length > 0) this.poke();
  }

  async enqueue(event: NotifyEvent, request: RequestRecord, group: string | null): Promise<number> {
    const box = await this.outbox(event, request, group);
    if (!box) return 0;
    await this.deps.store.enqueueNotifications(box.messages, box.links);
    this.poke();
    return box.messages.length;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poke(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs one round now (unless one is running). */
  poke(): void {
    if (this.running) return;
    this.running = this.round()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'notification round failed'))
      .finally(() => {
        this.running = null;
      });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: due escalations, then due messages. */
  async round(): Promise<void> {
    await this.escalate();
    await this.deliver();
  }

  private async escalate(): Promise<void> {
    const now = this.deps.now();
    for (const due of await this.deps.store.listEscalationsDue(now.toISOString(), 50)) {
      const request = await this.deps.store.getRequest(due.orgId, due.id);
      const steps = request?.policy?.escalate ?? [];
      const step = steps[due.step];
      if (!request || !step) continue;
      const next = steps[due.step + 1];
      const nextAt = next
        ? new Date(Date.parse(request.createdAt) + next.afterSeconds * 1000).toISOString()
        : null;
      // The step's messages commit with the step (one replica takes it), so none is lost to a crash.
      const box = await this.outbox('escalated', request, step.to);
      await this.deps.store.escalateRequest(
        due.orgId,
        due.id,
        due.step,
        nextAt,
        [
          {
            ts: now.toISOString(),
            orgId: due.orgId,
            actor: { kind: 'policy', id: null, name: 'escalation' },
            action: 'request.escalated',
            subject: due.id,
            data: { to: step.to, step: due.step + 1, afterSeconds: step.afterSeconds },
          },
        ],
        box ?? undefined,
      );
    }
  }

  private async deliver(): Promise<void> {
    const now = this.deps.now();
    const claimed = await this.deps.store.claimNotifications(
      now.toISOString(),
      new Date(now.getTime() + CLAIM_MS).toISOString(),
      20,
    );
    await Promise.all(claimed.map((m) => this.deliverOne(m)));
  }

  private async deliverOne(m: NotificationRecord): Promise<void> {
    const { document } = await this.deps.policies.get(m.orgId);
    const channel = document.notifications?.channels.find((c) => c.name === m.channel);
    const at = () => this.deps.now().toISOString();
    try {
      if (!channel) throw new Error(`channel ${m.channel} is no longer in the org's policy`);
      await sendMessage(channel, m.payload as unknown as NotifyContent, this.deps.env, this.deps.now);
      await this.deps.store.finishNotification(m.id, { kind: 'sent', at: at() });
      this.deps.onDelivery?.(channel.type, 'sent');
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      const attempt = m.attempts + 1;
      const log = { notification: m.id, channel: m.channel, requestId: m.requestId, attempt, err: message };
      const max = document.notifications?.maxAttempts ?? MAX_ATTEMPTS;
      if (attempt >= max || !channel) {
        this.deps.log.error(log, 'notification failed for good: it is in the dead-letter list');
        await this.deps.store.finishNotification(m.id, { kind: 'dead', at: at(), error: message });
        this.deps.onDelivery?.(channel?.type ?? 'unknown', 'dead');
      } else {
        this.deps.log.warn(log, 'notification failed; retrying later');
        const nextAt = new Date(this.deps.now().getTime() + backoffMs(attempt)).toISOString();
        await this.deps.store.finishNotification(m.id, { kind: 'retry', at: at(), nextAt, error: message });
        this.deps.onDelivery?.(channel.type, 'failed');
      }
    }
  }
}

/** Does this channel carry this event for this request? */
function wants(
  channel: ChannelConfig,
  event: NotifyEvent,
  request: RequestRecord,
  group: string | null,
): boolean {
  const events = channel.events ?? ['pending', 'escalated'];
  if (!events.includes(event)) return false;
  if (!channel.groups) return true;
  const groups = event === 'escalated' ? (group ? [group] : []) : (request.policy?.route ?? []);
  return groups.some((g) => channel.groups?.includes(g));
}
