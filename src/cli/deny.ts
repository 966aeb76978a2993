/** `expacti deny ID --note TEXT`: the note reaches the agent, so say what to do instead. */
import { defineCommand, parseCommand } from './args.js';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { displayBlock } from '../protocol/displayText.js';
import { print } from './output.js';

export const spec = defineCommand({
  name: 'deny',
  summary: 'deny a request, with a note for the agent',
  usage: ['deny ID --note TEXT'],
  details: 'The note reaches the agent: say why, and what to do instead.',
  options: {
    note: {
      type: 'string',
      short: 'n',
      value: 'TEXT',
      required: true,
      description: 'why, and what to do instead',
    },
  },
  arguments: { name: 'ID (a request id or a unique prefix)', min: 1, max: 1 },
  examples: ['expacti deny 3f2a --note "not on main: open a pull request"'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  return withReviewer('deny', async (client) => {
    if (!values.note?.trim())
      throw new UsageError('--note is required: it tells the agent why and what to do instead');
    const id = await resolveRequestId(client, positionals[0]);
    const request = await client.deny(id, { note: values.note });
    print(`denied ${request.id}: ${displayBlock(request.commandText, '  ')}`);
    return 0;
  });
}
