/**
 * `expacti group list` · `group add NAME` · `group remove NAME` · `group add-member NAME USER` ·
 * `group remove-member NAME USER` — reviewer groups used by the team policy (admins change them;
 * every change is audited).
 */
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import { UsageError, withReviewer } from './reviewer.js';
import { print, printJson } from './output.js';
import { displayInline } from '../protocol/displayText.js';
import type { GroupView } from '../protocol/policy.js';

const OPTIONS = { json: { type: 'boolean', description: 'as JSON' } } satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'group',
  summary: 'list and manage reviewer groups used by the team policy (admins change them)',
  details:
    'A policy rule may require approvals from named groups (`from: [dba]`), route requests to them and ' +
    'escalate to them (docs/policies.md). Groups must exist before a policy names them.',
  subcommands: {
    list: defineCommand({
      name: 'group list',
      summary: 'the groups and their members',
      usage: ['group list [--json]'],
      options: pick(OPTIONS, 'json'),
      examples: ['expacti group list'],
    }),
    add: defineCommand({
      name: 'group add',
      summary: 'create a group',
      usage: ['group add NAME'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'NAME', min: 1, max: 1 },
      examples: ['expacti group add dba'],
    }),
    remove: defineCommand({
      name: 'group remove',
      summary: 'delete a group (refused while the policy names it)',
      usage: ['group remove NAME'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'NAME', min: 1, max: 1 },
      examples: ['expacti group remove dba'],
    }),
    'add-member': defineCommand({
      name: 'group add-member',
      summary: 'add a reviewer to a group',
      usage: ['group add-member NAME USERNAME'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'NAME USERNAME', min: 2, max: 2 },
      examples: ['expacti group add-member dba ana'],
    }),
    'remove-member': defineCommand({
      name: 'group remove-member',
      summary: 'remove a reviewer from a group',
      usage: ['group remove-member NAME USERNAME'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'NAME USERNAME', min: 2, max: 2 },
      examples: ['expacti group remove-member dba ana'],
    }),
  },
  examples: ['expacti group add dba', 'expacti group add-member dba ana', 'expacti group list'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values, positionals } = parsed;
  const [name = '', username = ''] = positionals;
  const g = encodeURIComponent(name);
  return withReviewer(`group ${sub ?? ''}`.trim(), async (client) => {
    let res: unknown;
    if (sub === 'list') {
      const list = await client.call<{ groups: GroupView[] }>('GET', '/groups');
      if (values.json) printJson(list);
      else if (list.groups.length === 0) print('no groups (expacti group add NAME)');
      else
        print(
          list.groups
            .map(
              (x) =>
                `${x.name}  ${x.members.map((m) => displayInline(m.username)).join(', ') || '(no members)'}`,
            )
            .join('\n'),
        );
      return 0;
    }
    if (sub === 'add') res = await client.call('POST', '/groups', { name });
    else if (sub === 'remove') res = await client.call('DELETE', `/groups/${g}`);
    else if (sub === 'add-member') res = await client.call('POST', `/groups/${g}/members`, { username });
    else if (sub === 'remove-member')
      res = await client.call('DELETE', `/groups/${g}/members/${encodeURIComponent(username)}`);
    else throw new UsageError('unknown subcommand');
    if (values.json) printJson(res);
    else
      print(
        sub === 'add'
          ? `created group ${name}`
          : sub === 'remove'
            ? `deleted group ${name}`
            : sub === 'add-member'
              ? `added ${username} to ${name}`
              : `removed ${username} from ${name}`,
      );
    return 0;
  });
}
