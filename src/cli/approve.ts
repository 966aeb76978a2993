/**
 * `expacti approve ID [--note TEXT] [--whitelist [--pattern P] [--agent NAME] [--ttl 7d] [--accept-denied]]`
 * Approves once; with --whitelist also adds an entry so the same command passes from now on. An
 * entry that would have allowed commands a reviewer denied needs --accept-denied (the server lists them).
 */
import { parseArgs } from 'node:util';
import type { ApproveBody, WhitelistOnApprove } from '../protocol/api.js';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { parseDuration } from './ttl.js';
import { displayBlock } from '../protocol/displayText.js';
import { print } from './output.js';

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      note: { type: 'string', short: 'n' },
      whitelist: { type: 'boolean', short: 'w' },
      pattern: { type: 'string' },
      agent: { type: 'string' },
      ttl: { type: 'string' },
      'accept-denied': { type: 'boolean' },
    },
  });
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
