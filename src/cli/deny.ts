/** `expacti deny ID --note TEXT`: the note reaches the agent, so say what to do instead. */
import { parseArgs } from 'node:util';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { displayBlock } from '../protocol/displayText.js';
import { print } from './output.js';

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { note: { type: 'string', short: 'n' } },
  });
  return withReviewer('deny', async (client) => {
    if (!values.note?.trim())
      throw new UsageError('--note is required: it tells the agent why and what to do instead');
    const id = await resolveRequestId(client, positionals[0]);
    const request = await client.deny(id, { note: values.note });
    print(`denied ${request.id}: ${displayBlock(request.commandText, '  ')}`);
    return 0;
  });
}
