/**
 * The words and the rewritten command of an allowed hook call: what the host's model reads, and
 * what it runs instead of its command (`expacti exec-confined`, held to the decision's scope).
 */
import type { RequestView } from '../../protocol/api.js';
import type { ExecutePlan } from '../../protocol/scope.js';
import { quoteWord } from '../../protocol/commandText.js';
import { displayInline } from '../../protocol/displayText.js';
import { describeScope } from '../confine/scope.js';

export function allowReason(
  request: RequestView,
  confine: ExecutePlan | undefined,
  how: 'confined' | 'unconfined' | 'plain',
  host: string,
): string {
  const why = request.decision?.justification ?? 'approved';
  const tail =
    how === 'confined' && confine
      ? `; it runs confined (${describeScope(confine.scope)})`
      : how === 'unconfined'
        ? `; it runs unconfined: ${host} runs commands itself and cannot hold them to their scope`
        : '';
  return `expacti: ${displayInline(why)} (request ${request.id})${displayInline(tail)}`;
}

/**
 * The allowed command, rewritten to run through `expacti exec-confined`, which holds it to the
 * scope its decision carries and reports how it ended. The plan travels base64url-encoded. `self`
 * is this installation as a command line (its Node and its bin/expacti.js, quoted).
 */
export function confinedCommand(requestId: string, plan: ExecutePlan, command: string, self: string): string {
  const encoded = base64url(new TextEncoder().encode(JSON.stringify(plan)));
  return `${self} exec-confined --request ${requestId} --plan ${encoded} -c ${quoteWord(command)}`;
}

/** The installation as a command line from its argv (the Node binary and the CLI script). */
export function selfCommandOf(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding (as Node's Buffer 'base64url'), with no Node global. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      ALPHABET.charAt(n >> 18) +
      ALPHABET.charAt((n >> 12) & 63) +
      ALPHABET.charAt((n >> 6) & 63) +
      ALPHABET.charAt(n & 63);
  }
  if (i < bytes.length) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
    if (i + 1 < bytes.length) out += ALPHABET.charAt((n >> 6) & 63);
  }
  return out;
}
