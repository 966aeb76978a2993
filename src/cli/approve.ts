/**
 * `expacti approve ID [--note TEXT] [--whitelist | --session] [--pattern P] [--agent NAME] [--ttl 7d] [--accept-denied]`
 * Approves once; with --whitelist also adds an entry so the same command passes from now on. An
 * entry that would have allowed commands a reviewer denied needs --accept-denied (the server lists them).
 * The scope it runs in can be widened or narrowed: --write PATH, --delete PATH (repeatable),
 * --read default|all, --network none|any|tcp:443,80, --local-sockets none|any, --keep-env NAME.
 */
import { defineCommand, parseCommand } from './args.js';
import type { ApproveBody, WhitelistOnApprove } from '../protocol/api.js';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { parseDuration } from './ttl.js';
import { changeScope, type ScopeChanges } from './scopeChanges.js';
import { displayBlock, displayInline } from '../protocol/displayText.js';
import { print } from './output.js';

export const spec = defineCommand({
  name: 'approve',
  summary: 'approve a request (and optionally whitelist it)',
  usage: [
    'approve ID [--note TEXT] [--whitelist | --session] [--pattern P] [--agent NAME] [--ttl DURATION] [--accept-denied]',
    '        [--write PATH] [--delete PATH] [--read default|all] [--network none|any|tcp:PORTS] …',
  ],
  details:
    'Approves once: the agent runs it within the claim window, confined to the scope shown with the request; ' +
    'the scope flags widen or narrow it (docs/confinement.md). With --whitelist the same command (or the ' +
    'pattern) passes from now on, in that scope; an entry that would have allowed commands a reviewer denied ' +
    'needs --accept-denied. With --session it passes for the rest of this agent session only (12 hours at most ' +
    'unless --ttl says otherwise), and never when judged above the tier approved now.',
  options: {
    note: {
      type: 'string',
      short: 'n',
      value: 'TEXT',
      description: 'a note for the agent and the audit log',
    },
    whitelist: { type: 'boolean', short: 'w', description: 'also add a whitelist entry' },
    session: {
      type: 'boolean',
      short: 's',
      description: 'also allow it for the rest of this agent session (never above this tier)',
    },
    pattern: { type: 'string', value: 'P', description: "the entry's pattern (default: this exact command)" },
    agent: { type: 'string', value: 'NAME', description: 'the entry applies to this agent only' },
    ttl: { type: 'string', value: 'DURATION', description: 'the entry expires after 90s, 30m, 12h, 7d…' },
    'accept-denied': {
      type: 'boolean',
      description: 'whitelist even though it covers commands a reviewer denied',
    },
    write: {
      type: 'string',
      multiple: true,
      value: 'PATH',
      description: 'the scope may also write beneath PATH',
    },
    delete: { type: 'string', multiple: true, value: 'PATH', description: 'the scope may also delete PATH' },
    read: { type: 'string', value: 'default|all', description: 'all: also read the secret paths' },
    network: {
      type: 'string',
      value: 'none|any|tcp:PORTS',
      description: 'the network it may use, e.g. tcp:443,80',
    },
    'local-sockets': {
      type: 'string',
      value: 'none|any',
      description: 'local (AF_UNIX) sockets it may open',
    },
    'keep-env': {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'keep this environment variable (e.g. SSH_AUTH_SOCK)',
    },
  },
  arguments: { name: 'ID (a request id or a unique prefix)', min: 1, max: 1 },
  examples: [
    'expacti approve 3f2a --note "ok, tests only"',
    'expacti approve 3f2a --whitelist --pattern "npm test *" --ttl 7d',
    'expacti approve 3f2a --session --pattern "pytest -q <test>"',
    'expacti approve 3f2a --network tcp:443 --write /srv/build',
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
    if (
      values.whitelist ||
      values.session ||
      values.pattern ||
      values.agent ||
      values.ttl ||
      values['accept-denied']
    ) {
      if (!values.whitelist && !values.session)
        throw new UsageError(
          '--pattern, --agent, --ttl and --accept-denied go with --whitelist or --session',
        );
      const wl: WhitelistOnApprove = {};
      if (values.session) wl.session = true;
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
    if (request.status === 'pending' && request.approvals) {
      // A team policy needs more approvals (docs/policies.md): this one was a vote.
      print(
        `your approval of ${request.id} is counted: ${displayInline(request.approvals.summary)}; it waits for another reviewer`,
      );
      return 0;
    }
    print(
      `approved ${request.id}${values.session ? ' (and for the rest of its session)' : body.whitelist ? ' (and whitelisted)' : ''}: ${displayBlock(request.commandText, '  ')}`,
    );
    return 0;
  });
}
