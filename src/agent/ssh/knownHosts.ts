/**
 * The target's host key, checked against an OpenSSH known_hosts file before the gateway sends it
 * anything (no trust on first use): plain and hashed (`|1|salt|hmac`) host names, `[host]:port`
 * for other ports than 22, comma-separated names; `@revoked` keys are refused, `@cert-authority`
 * lines are not supported (they never match). Pure: the file's text is passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HostKeyVerdict = { ok: true } | { ok: false; why: string };

/** The names a known_hosts line may use for this host and port. */
function hostNames(host: string, port: number): string[] {
  return port === 22 ? [host, `[${host}]:22`] : [`[${host}]:${port}`];
}

function nameMatches(pattern: string, names: readonly string[]): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    return names.some((n) => {
      const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(n).digest();
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
  }
  return names.includes(pattern);
}

/** `key`: the raw public key blob the target presented (as ssh2's hostVerifier receives it). */
export function checkHostKey(knownHosts: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const names = hostNames(host, port);
  let listed = false;
  for (const raw of knownHosts.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/[ \t]+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) marker = fields.shift();
    const [patterns, , blob] = fields;
    if (!patterns || !blob) continue;
    const list = patterns.split(',');
    if (list.some((p) => p.startsWith('!') && nameMatches(p.slice(1), names))) continue;
    if (!list.some((p) => nameMatches(p, names))) continue;
    if (marker === '@cert-authority') continue;
    const same = Buffer.from(blob, 'base64').equals(key);
    if (marker === '@revoked') {
      if (same) return { ok: false, why: `the host key of ${names[0]} is marked @revoked in known_hosts` };
      continue;
    }
    listed = true;
    if (same) return { ok: true };
  }
  return {
    ok: false,
    why: listed
      ? `the host key of ${names[0]} is not the one in known_hosts (it changed, or someone is in between)`
      : `${names[0]} is not in known_hosts; add its key (ssh-keyscan, checked out of band) first`,
  };
}
