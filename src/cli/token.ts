/** `expacti token create --agent NAME` · `expacti token list [--json]` · `expacti token revoke ID` (admins). */
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import { table } from './format.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printError, printJson } from './output.js';

const OPTIONS = {
  agent: { type: 'string', value: 'NAME', required: true, description: 'the name reviewers will see' },
  json: { type: 'boolean', description: 'the tokens as JSON' },
} satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'token',
  summary: 'create, list or revoke agent tokens (admins)',
  details: 'Agent tokens submit and run commands; each agent should have its own. The secret is shown once.',
  subcommands: {
    create: defineCommand({
      name: 'token create',
      summary: 'create an agent token; its secret is printed once, on stdout',
      usage: ['token create --agent NAME'],
      options: pick(OPTIONS, 'agent'),
      examples: ['expacti token create --agent ci-runner > ci-runner.token'],
    }),
    list: defineCommand({
      name: 'token list',
      summary: 'list tokens (agent and user) with their last use',
      usage: ['token list [--json]'],
      options: pick(OPTIONS, 'json'),
      examples: ['expacti token list'],
    }),
    revoke: defineCommand({
      name: 'token revoke',
      summary: 'revoke a token: its event streams end at once, on every replica',
      usage: ['token revoke ID'],
      options: {},
      arguments: { name: 'ID (a token id or a unique prefix, from token list)', min: 1, max: 1 },
      examples: ['expacti token revoke 7b0e'],
    }),
  },
  examples: ['expacti token create --agent ci-runner'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values, positionals } = parsed;
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
        // pickSubcommand let through only the subcommands of the spec.
        throw new UsageError(`unknown command ${sub}`);
    }
  });
}
