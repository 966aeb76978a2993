/**
 * A server, run in this process from src, that kills itself with SIGKILL the moment a new
 * request's insert has committed — before the gate's next line runs. That is the crash window
 * between storing a request and queueing its first notification (issue 11): a server that queues
 * the message after the insert loses it here; one that commits both together does not.
 *
 * With EXPACTI_CRASH_AFTER=decide it dies instead the moment a decision has committed (the
 * store's compare-and-set returned ok): the window between deciding a request and queueing the
 * decision's notifications.
 *
 * Configured like `expacti serve` through the environment (EXPACTI_PORT, EXPACTI_DATA_DIR,
 * EXPACTI_DATABASE_URL, EXPACTI_AUDIT_KEY_FILE, EXPACTI_POLICY_FILE); prints
 * "crash-server listening on URL" when ready.
 */
import { resolveServerConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/start.js';
import type { StoreChange } from '../../src/store/store.js';

type Write = (op: (changes: StoreChange[]) => unknown, options?: { batch?: boolean }) => Promise<unknown>;

const server = await startServer(resolveServerConfig({}, process.env));
// Every store method runs its transaction through the store's own `write` (store/opStore.ts),
// looked up on the instance at call time: wrapping it here sees each commit as it returns.
const store = server.store as unknown as { write: Write };
const afterDecide = process.env['EXPACTI_CRASH_AFTER'] === 'decide';
const write = store.write.bind(store);
store.write = async (op, options) => {
  let changes: StoreChange[] = [];
  const result = await write((c) => {
    changes = c;
    return op(c);
  }, options);
  // A batched (insert-only) write that stored a request: the new request has just committed.
  if (!afterDecide && options?.batch && changes.some((c) => c.type === 'request'))
    process.kill(process.pid, 'SIGKILL');
  if (afterDecide) {
    // A write that left a request decided: the decision has just committed.
    for (const c of changes) {
      if (c.type !== 'request') continue;
      const request = await server.store.getRequest(c.orgId, c.id);
      if (request && request.status !== 'pending') process.kill(process.pid, 'SIGKILL');
    }
  }
  return result;
};
process.stdout.write(`crash-server listening on ${server.url}\n`);
