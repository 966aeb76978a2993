/** `expacti user add NAME [--role reviewer|admin] [--password-stdin]` · `user list` · `user remove NAME` (admins). */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { table } from './format.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, json: { type: 'boolean' } },
  });
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
        throw new UsageError(
          'usage: expacti user add NAME [--role reviewer|admin] [--password-stdin] | list | remove NAME',
        );
    }
  });
}
