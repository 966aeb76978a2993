/**
 * A decision's notifications (issue 11), committed with the decision: built before the store's
 * compare-and-set and handed to it, so a crash right after a decision cannot lose them. Building
 * them never blocks or fails a decision: if it fails, it is logged and the messages are queued
 * once the decision has committed.
 */
import type { Decision, RequestStatus } from '../../protocol/index.js';
import type { RequestRecord } from '../../store/records.js';
import type { Outbox } from '../../store/store.js';
import type { Notifier } from './notify/notifier.js';

interface Deps {
  notifier?: Notifier;
}

/**
 * The 'decided' notifications of a policy request (issue 11), built before the decision so the
 * store commits them with it: a crash right after the decision cannot lose them.
 */
export async function decidedOutbox(
  deps: Deps,
  request: RequestRecord | null,
  outcome: Exclude<RequestStatus, 'pending'>,
  decision: Decision,
): Promise<{ outbox?: Outbox; announceLater: boolean }> {
  if (!deps.notifier || !request?.policy) return { announceLater: false };
  return deps.notifier.prepare('decided', { ...request, status: outcome, decision });
}

/** After the decision committed: wake the sender, or queue the messages that could not be built. */
export function afterDecided(
  deps: Deps,
  prepared: { outbox?: Outbox; announceLater: boolean },
  request: RequestRecord,
): void {
  if (prepared.announceLater) deps.notifier?.announce('decided', request);
  else deps.notifier?.committed(prepared.outbox);
}
