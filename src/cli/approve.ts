/**
 * `expacti approve ID [--note TEXT] [--whitelist [--pattern P] [--agent NAME] [--ttl 7d] [--accept-denied]]`
 * Approves once; with --whitelist also adds an entry so the same command passes from now on. An
 * entry that would have allowed commands a reviewer denied needs --accept-denied (the server lists them).
 */
import { defineCommand, parseCommand } from './args.js';
import type { ApproveBody, WhitelistOnApprove } from '../protocol/api.js';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { parseDuration } from './ttl.js';
import { displayBlock } from '../protocol/displayText.js';
import { print } from './output.js';

export const spec = defineCommand({
  name: 'approve',
  summary: 'approve a request (and optionally whitelist it)',
  usage: [
    'approve ID [--note TEXT] [--whitelist [--pattern P] [--agent NAME] [--ttl DURATION] [--accept-denied]]',
  ],
  details:
    'Approves once: the agent runs it within the claim window. With --whitelist the same command (or the ' +
    'pattern) passes from now on; an entry that would have allowed commands a reviewer denied needs --accept-denied.',
  options: {
    note: {
      type: 'string',
      short: 'n',
      value: 'TEXT',
      description: 'a note for the agent and the audit log',
    },
    whitelist: { type: 'boolean', short: 'w', description: 'also add a whitelist entry' },
    pattern: { type: 'string', value: 'P', description: "the entry's pattern (default: this exact command)" },
    agent: { type: 'string', value: 'NAME', description: 'the entry applies to this agent only' },
    ttl: { type: 'string', value: 'DURATION', description: 'the entry expires after 90s, 30m, 12h, 7d…' },
    'accept-denied': {
      type: 'boolean',
      description: 'whitelist even though it covers commands a reviewer denied',
    },
  },
  arguments: { name: 'ID (a request id or a unique prefix)', min: 1, max: 1 },
  examples: [
    'expacti approve 3f2a --note "ok, tests only"',
    'expacti approve 3f2a --whitelist --pattern "npm test *" --ttl 7d',
  ],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  return withReviewer('approve', async (client) => {
    const id = await resolveRequestId(client, positionals[0]);
    const body: ApproveBody = {};
    if (values.note) body.note = values.note;
    if (values.whitelist || values.pattern || values.agent || values.ttl || values['accept-denied']) {
      if (!values.whitelist)
        throw new UsageError('--pattern, --agent, --ttl and --accept-denied go with --whitelist');
      const wl: WhitelistOnApprove = {};
      if (values.pattern) wl.pattern = values.pattern;
      if (values.agent) wl.agent = values.agent;
      if (values['accept-denied']) wl.acceptDenied = true;
      if (values.ttl) {
        const ttl = parseDuration(values.ttl);
        if (ttl === null)
          throw new UsageError(`--ttl "${values.ttl}" is not a duration like 90s, 30m, 12h or 7d`);
        wl.ttlSeconds = ttl;
      }
      body.whitelist = wl;
    }
    const request = await client.approve(id, body);
    print(
      `approved ${request.id}${body.whitelist ? ' (and whitelisted)' : ''}: ${displayBlock(request.commandText, '  ')}`,
    );
    return 0;
  });
}
