/** Timing a health check, within a time limit, as data (never a rejection). */
import type { HealthCheck } from './store.js';

export async function timedCheck(
  work: () => Promise<unknown>,
  timeoutMs: number,
  what: string,
): Promise<HealthCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([work(), late]);
    return { ok: true, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
