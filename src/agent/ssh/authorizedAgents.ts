/**
 * Public-key sign-in to the gateway: an OpenSSH authorized_keys file whose every line also says
 * which expacti agent the key stands for, by the file that holds that agent's token:
 *
 *     token-file="/etc/expacti/agents/deploybot.token" ssh-ed25519 AAAAC3Nz… deploybot
 *
 * A key without token-file is refused when the file is read (a key that maps to no agent cannot
 * sign in). Other OpenSSH options are not supported and are refused too, so nobody relies on
 * `from=` or `command=` being enforced here.
 */
import ssh2 from 'ssh2';

export interface AuthorizedAgentKey {
  /** The key's wire blob (what the client presents). */
  blob: Buffer;
  algo: string;
  tokenFile: string;
  comment: string;
  key: ssh2.ParsedKey;
}

/** Splits `opt="v",opt2 rest` into the options text and the rest, honouring quotes. */
function splitOptions(line: string): { options: string; rest: string } {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t'))
      return { options: line.slice(0, i), rest: line.slice(i + 1).trim() };
  }
  return { options: line, rest: '' };
}

export function parseAuthorizedAgents(text: string, source: string): AuthorizedAgentKey[] {
  const out: AuthorizedAgentKey[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source}:${index + 1}`;
    const { options, rest } = splitOptions(line);
    const m = /^token-file="((?:[^"\\]|\\.)+)"$/.exec(options);
    if (!m?.[1])
      throw new Error(`${where}: each key needs exactly one option, token-file="PATH" (the agent's token)`);
    const parsed = ssh2.utils.parseKey(rest);
    if (parsed instanceof Error || Array.isArray(parsed))
      throw new Error(
        `${where}: not a public key (${parsed instanceof Error ? parsed.message : 'several keys'})`,
      );
    out.push({
      blob: parsed.getPublicSSH(),
      algo: parsed.type,
      tokenFile: m[1].replace(/\\(.)/g, '$1'),
      comment: parsed.comment,
      key: parsed,
    });
  });
  return out;
}
