/**
 * Who is connecting to the gateway: an expacti agent, proven by its token — sent as the SSH
 * password, or held by the gateway for a public key listed in the authorized-agents file. The
 * token is checked with the server (GET /v1/me must name an agent) before the session opens; the
 * server unreachable means no sign-in (fail closed).
 */
import { readFileSync } from 'node:fs';
import type ssh2 from 'ssh2';
import { timingSafeEqual } from 'node:crypto';
import { ExpactiClient } from '../../client/client.js';
import type { AuthorizedAgentKey } from './authorizedAgents.js';

export interface SignedInAgent {
  client: ExpactiClient;
  name: string;
  tokenId: string;
}

interface MeResponse {
  principal: { kind: string; id: string; name: string };
}

/** The agent behind a token, or null when the server does not know it as an agent token. */
export async function agentForToken(url: string, token: string): Promise<SignedInAgent | null> {
  if (!token) return null;
  const client = await ExpactiClient.create({ url, token, timeoutMs: 10_000 });
  try {
    const me = await client.call<MeResponse>('GET', '/me');
    if (me?.principal?.kind !== 'agent') throw new Error('not an agent token');
    return { client, name: me.principal.name, tokenId: me.principal.id };
  } catch {
    client.close();
    return null;
  }
}

/** The listed key that `ctx` presents, if any (same algorithm and blob). */
export function findAgentKey(
  keys: readonly AuthorizedAgentKey[],
  ctx: ssh2.PublicKeyAuthContext,
): AuthorizedAgentKey | undefined {
  return keys.find(
    (k) =>
      k.algo === ctx.key.algo &&
      k.blob.length === ctx.key.data.length &&
      timingSafeEqual(k.blob, ctx.key.data),
  );
}

/** The client proved it holds the private key: its signature over the session data verifies. */
export function signatureValid(key: AuthorizedAgentKey, ctx: ssh2.PublicKeyAuthContext): boolean {
  if (!ctx.signature || !ctx.blob) return false;
  return key.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
}

export function readTokenFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}
