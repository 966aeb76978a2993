/** Rate-limit windows are whole minutes: a test that counts within one waits out a window's last seconds. */
import { setTimeout as sleep } from 'node:timers/promises';

export async function awayFromWindowEdge(needMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 200);
}
