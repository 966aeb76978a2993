/** `expacti token create --agent NAME` · `expacti token list [--json]` · `expacti token revoke ID` (admins). */
import { parseArgs } from 'node:util';
import { table } from './format.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printError, printJson } from './output.js';

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { agent: { type: 'string' }, json: { type: 'boolean' } },
  });
  return withReviewer(`token ${sub ?? ''}`.trim(), async (client) => {
    switch (sub) {
      case 'create': {
        if (!values.agent) throw new UsageError('--agent NAME is required (the name reviewers will see)');
        const created = await client.createAgentToken(values.agent);
        printError(
          `created token ${created.token.id} for agent "${displayInline(values.agent)}"; it is shown once:`,
        );
        process.stdout.write(created.secret + '\n');
        return 0;
      }
      case 'list': {
        const tokens = await client.listTokens();
        if (values.json) printJson(tokens);
        else
          print(
            table(
              ['ID', 'KIND', 'NAME', 'CREATED', 'LAST USED', 'REVOKED'],
              tokens.map((t) => [
                t.id,
                t.kind,
                displayInline(t.name),
                t.createdAt.slice(0, 16),
                t.lastUsedAt?.slice(0, 16) ?? 'never',
                t.revokedAt?.slice(0, 16) ?? '—',
              ]),
            ),
          );
        return 0;
      }
      case 'revoke': {
        const prefix = positionals[0];
        if (!prefix) throw new UsageError('give the token id (see expacti token list)');
        const matches = (await client.listTokens()).filter(
          (t) => t.id.startsWith(prefix) && t.revokedAt === null,
        );
        if (matches.length !== 1 || !matches[0])
          throw new UsageError(matches.length ? `${prefix} is ambiguous` : `no active token ${prefix}`);
        await client.revokeToken(matches[0].id);
        print(`revoked ${matches[0].id} (${displayInline(matches[0].name)})`);
        return 0;
      }
      default:
        throw new UsageError('usage: expacti token create --agent NAME | list | revoke ID');
    }
  });
}
