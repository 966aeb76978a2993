/** Request ids: a proxy's own (when it is trusted and the id is plain), else a new random one. */
import { randomUUID } from 'node:crypto';

const PLAIN = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(fromProxy: string | undefined): string {
  return fromProxy !== undefined && PLAIN.test(fromProxy) ? fromProxy : randomUUID();
}
