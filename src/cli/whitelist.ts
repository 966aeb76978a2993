/**
 * `expacti whitelist list [--json]`
 * `expacti whitelist add PATTERN [--deny] [--agent NAME] [--ttl 7d] [--note TEXT] [--accept-denied]`
 * `expacti whitelist remove ID` · `expacti whitelist disable|enable ID`
 */
import { parseArgs } from 'node:util';
import { duration, table } from './format.js';
import { truncate } from './truncate.js';
import { UsageError, withReviewer } from './reviewer.js';
import { parseDuration } from './ttl.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      deny: { type: 'boolean' },
      agent: { type: 'string' },
      ttl: { type: 'string' },
      note: { type: 'string' },
      'accept-denied': { type: 'boolean' },
    },
  });
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
          e.scope.kind === 'org' ? 'org' : `agent:${displayInline(e.scope.agent)}`,
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
        throw new UsageError(
          'usage: expacti whitelist list | add PATTERN | remove ID | disable ID | enable ID',
        );
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
