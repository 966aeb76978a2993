/**
 * The caller's address, for throttling sign-in failures. X-Forwarded-For is only believed when the
 * operator said a trusted reverse proxy is in front (--trust-proxy / EXPACTI_TRUST_PROXY=1), and
 * then only its last hop — the one that proxy added; anything before it is client-supplied.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops.at(-1);
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
