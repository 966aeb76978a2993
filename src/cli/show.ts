/** `expacti show ID [--json]`: one request with its analysis, context, decision and execution. */
import { parseArgs } from 'node:util';
import { requestDetails } from './format.js';
import { resolveRequestId, withReviewer } from './reviewer.js';

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  return withReviewer('show', async (client) => {
    const request = await client.getRequest(await resolveRequestId(client, positionals[0]));
    process.stdout.write((values.json ? JSON.stringify(request) : requestDetails(request)) + '\n');
    return 0;
  });
}
