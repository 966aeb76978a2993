/**
 * `expacti whitelist list [--json]`
 * `expacti whitelist add PATTERN [--deny] [--agent NAME] [--ttl 7d] [--note TEXT] [--accept-denied]`
 * `expacti whitelist remove ID` · `expacti whitelist disable|enable ID`
 */
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import { duration, table } from './format.js';
import { truncate } from './truncate.js';
import { UsageError, withReviewer } from './reviewer.js';
import { parseDuration } from './ttl.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';

const ENTRY_ID = { name: 'ID (an entry id or a unique prefix)', min: 1, max: 1 };

const OPTIONS = {
  json: { type: 'boolean', description: 'the entries as JSON' },
  deny: { type: 'boolean', description: 'refuse matching commands instead of allowing them' },
  agent: { type: 'string', value: 'NAME', description: 'for this agent only (default: the whole org)' },
  ttl: { type: 'string', value: 'DURATION', description: 'expires after 90s, 30m, 12h, 7d…' },
  note: { type: 'string', value: 'TEXT', description: 'why (shown with the entry and to denied agents)' },
  'accept-denied': {
    type: 'boolean',
    description: 'add it even though it covers commands a reviewer denied',
  },
} satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'whitelist',
  summary: 'list, add, remove, disable or enable whitelist entries',
  details:
    'An allow entry lets matching commands run at once; a deny entry refuses them at once. Patterns match the ' +
    'parsed command, not the text (docs/whitelist.md).',
  subcommands: {
    list: defineCommand({
      name: 'whitelist list',
      summary: 'list the entries with their hits, last use and expiry',
      usage: ['whitelist list [--json]'],
      options: pick(OPTIONS, 'json'),
      examples: ['expacti whitelist list'],
    }),
    add: defineCommand({
      name: 'whitelist add',
      summary: 'add an allow (or --deny) entry',
      usage: [
        'whitelist add PATTERN [--deny] [--agent NAME] [--ttl DURATION] [--note TEXT] [--accept-denied]',
      ],
      options: pick(OPTIONS, 'deny', 'agent', 'ttl', 'note', 'accept-denied'),
      arguments: { name: 'PATTERN', min: 1, max: 1 },
      examples: [
        'expacti whitelist add "npm test"',
        'expacti whitelist add "git push --force *" --deny --note "use a PR"',
      ],
    }),
    remove: defineCommand({
      name: 'whitelist remove',
      summary: 'remove an entry',
      usage: ['whitelist remove ID'],
      options: {},
      arguments: ENTRY_ID,
      examples: ['expacti whitelist remove 5c1d'],
    }),
    disable: defineCommand({
      name: 'whitelist disable',
      summary: 'turn an entry off without removing it',
      usage: ['whitelist disable ID'],
      options: {},
      arguments: ENTRY_ID,
      examples: ['expacti whitelist disable 5c1d'],
    }),
    enable: defineCommand({
      name: 'whitelist enable',
      summary: 'turn a disabled entry back on',
      usage: ['whitelist enable ID'],
      options: {},
      arguments: ENTRY_ID,
      examples: ['expacti whitelist enable 5c1d'],
    }),
  },
  examples: ['expacti whitelist list', 'expacti whitelist add "npm test"'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values, positionals } = parsed;
  return withReviewer(`whitelist ${sub ?? ''}`.trim(), async (client) => {
    switch (sub) {
      case 'list': {
        const entries = await client.listWhitelist();
        if (values.json) {
          printJson(entries);
          return 0;
        }
        if (entries.length === 0) {
          print('the whitelist is empty');
          return 0;
        }
        const now = Date.now();
        const rows = entries.map((e) => [
          e.id.slice(0, 8),
          e.effect + (e.disabled ? ' (off)' : ''),
          (e.scope.kind === 'org' ? 'org' : `agent:${displayInline(e.scope.agent)}`) +
            (e.session ? ` session:${displayInline(e.session.slice(0, 12))}≤${e.maxTier ?? '?'}` : ''),
          String(e.hits),
          e.lastUsedAt ? `${duration(now - Date.parse(e.lastUsedAt))} ago` : 'never',
          e.expiresAt ? duration(Date.parse(e.expiresAt) - now) : '—',
          displayInline(e.createdBy),
          displayInline(e.pattern) +
            (e.boundTo?.length
              ? `  [context-bound: ${truncate(e.boundTo.map((b) => `${b.label} ${b.value}`).join('; '), 80)}]`
              : ''),
        ]);
        print(table(['ID', 'EFFECT', 'SCOPE', 'HITS', 'LAST USE', 'TTL', 'BY', 'PATTERN'], rows));
        return 0;
      }
      case 'add': {
        const pattern = positionals[0];
        if (!pattern) throw new UsageError('give the pattern, e.g. expacti whitelist add "npm test"');
        const ttl = values.ttl ? parseDuration(values.ttl) : undefined;
        if (ttl === null) throw new UsageError(`--ttl "${values.ttl}" is not a duration like 12h or 7d`);
        const entry = await client.addWhitelist({
          pattern,
          effect: values.deny ? 'deny' : 'allow',
          ...(values.agent ? { agent: values.agent } : {}),
          ...(ttl ? { ttlSeconds: ttl } : {}),
          ...(values.note ? { note: values.note } : {}),
          ...(values['accept-denied'] ? { acceptDenied: true } : {}),
        });
        print(`added ${entry.effect} entry ${entry.id}: ${displayInline(entry.pattern)}`);
        return 0;
      }
      case 'remove':
      case 'disable':
      case 'enable': {
        const id = await resolveEntryId(client, positionals[0]);
        if (sub === 'remove') await client.removeWhitelist(id);
        else await client.updateWhitelist(id, { disabled: sub === 'disable' });
        print(`${sub === 'remove' ? 'removed' : sub + 'd'} ${id}`);
        return 0;
      }
      default:
        // pickSubcommand let through only the subcommands of the spec.
        throw new UsageError(`unknown command ${sub}`);
    }
  });
}

async function resolveEntryId(
  client: Parameters<Parameters<typeof withReviewer>[1]>[0],
  prefix: string | undefined,
): Promise<string> {
  if (!prefix) throw new UsageError('give an entry id (or a unique prefix)');
  const matches = (await client.listWhitelist()).filter((e) => e.id.startsWith(prefix.toLowerCase()));
  if (matches.length === 1 && matches[0]) return matches[0].id;
  throw new UsageError(
    matches.length === 0 ? `no whitelist entry starts with ${prefix}` : `${prefix} is ambiguous`,
  );
}
