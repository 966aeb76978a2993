/** `expacti user add NAME [--role reviewer|admin] [--password-stdin]` · `user list` · `user remove NAME` (admins). */
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import { readFileSync } from 'node:fs';
import { table } from './format.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';

const OPTIONS = {
  role: { type: 'string', value: 'reviewer|admin', description: "the new user's role (default reviewer)" },
  'password-stdin': { type: 'boolean', description: 'read the password from stdin (default: generate one)' },
  json: { type: 'boolean', description: 'the users as JSON' },
} satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'user',
  summary: 'add, list or remove reviewers and admins (admins)',
  subcommands: {
    add: defineCommand({
      name: 'user add',
      summary: 'add a reviewer or admin; a generated password is shown once',
      usage: ['user add NAME [--role reviewer|admin] [--password-stdin]'],
      options: pick(OPTIONS, 'role', 'password-stdin'),
      arguments: { name: 'NAME (letters, digits, dot, dash, underscore)', min: 1, max: 1 },
      examples: [
        'expacti user add alice',
        'printf \'%s\' "$PASSWORD" | expacti user add bob --role admin --password-stdin',
      ],
    }),
    list: defineCommand({
      name: 'user list',
      summary: 'list users with their role and two-factor state',
      usage: ['user list [--json]'],
      options: pick(OPTIONS, 'json'),
      examples: ['expacti user list'],
    }),
    remove: defineCommand({
      name: 'user remove',
      summary: 'remove a user; their tokens and sessions are revoked',
      usage: ['user remove NAME'],
      options: {},
      arguments: { name: 'NAME', min: 1, max: 1 },
      examples: ['expacti user remove alice'],
    }),
  },
  examples: ['expacti user add alice'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values, positionals } = parsed;
  return withReviewer(`user ${sub ?? ''}`.trim(), async (client) => {
    switch (sub) {
      case 'add': {
        const username = positionals[0];
        if (!username) throw new UsageError('give a username');
        const role = values.role ?? 'reviewer';
        if (role !== 'reviewer' && role !== 'admin') throw new UsageError('--role is reviewer or admin');
        const password = values['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : undefined;
        const created = await client.addUser({ username, role, ...(password ? { password } : {}) });
        print(
          `added ${role} ${displayInline(username)}` +
            (created.password ? `; password (shown once): ${created.password}` : ''),
        );
        return 0;
      }
      case 'list': {
        const users = await client.listUsers();
        if (values.json) printJson(users);
        else
          print(
            table(
              ['USERNAME', 'ROLE', 'TOTP', 'CREATED'],
              users.map((u) => [
                displayInline(u.username),
                u.role,
                u.totp ? 'yes' : 'no',
                u.createdAt.slice(0, 16),
              ]),
            ),
          );
        return 0;
      }
      case 'remove': {
        const name = positionals[0];
        const user = (await client.listUsers()).find((u) => u.username === name);
        if (!user) throw new UsageError(`no user ${displayInline(name ?? '(none given)')}`);
        await client.removeUser(user.id);
        print(`removed ${displayInline(user.username)}; their tokens and sessions are revoked`);
        return 0;
      }
      default:
        // pickSubcommand let through only the subcommands of the spec.
        throw new UsageError(`unknown command ${sub}`);
    }
  });
}
