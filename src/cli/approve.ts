/**
 * `expacti approve ID [--note TEXT] [--whitelist [--pattern P] [--agent NAME] [--ttl 7d] [--accept-denied]]`
 * Approves once; with --whitelist also adds an entry so the same command passes from now on. An
 * entry that would have allowed commands a reviewer denied needs --accept-denied (the server lists them).
 * The scope it runs in can be widened or narrowed: --write PATH, --delete PATH (repeatable),
 * --read default|all, --network none|any|tcp:443,80, --local-sockets none|any, --keep-env NAME.
 */
import { parseArgs } from 'node:util';
import type { ApproveBody, WhitelistOnApprove } from '../protocol/api.js';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { parseDuration } from './ttl.js';
import { changeScope, type ScopeChanges } from './scopeChanges.js';
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
      write: { type: 'string', multiple: true },
      delete: { type: 'string', multiple: true },
      read: { type: 'string' },
      network: { type: 'string' },
      'local-sockets': { type: 'string' },
      'keep-env': { type: 'string', multiple: true },
    },
  });
  return withReviewer('approve', async (client) => {
    const id = await resolveRequestId(client, positionals[0]);
    const body: ApproveBody = {};
    if (values.note) body.note = values.note;
    const changes: ScopeChanges = {
      write: values.write,
      delete: values.delete,
      read: values.read,
      network: values.network,
      localSockets: values['local-sockets'],
      keepEnv: values['keep-env'],
    };
    if (Object.values(changes).some((v) => v !== undefined)) {
      const proposed = (await client.getRequest(id)).scope;
      if (!proposed)
        throw new UsageError('this request carries no scope to change (a server from before confinement)');
      const changed = changeScope(proposed, changes);
      if (typeof changed === 'string') throw new UsageError(changed);
      body.scope = changed;
    }
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
