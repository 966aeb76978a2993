/** `expacti show ID [--json]`: one request with its analysis, context, decision and execution. */
import { defineCommand, parseCommand } from './args.js';
import { requestDetails } from './format.js';
import { resolveRequestId, withReviewer } from './reviewer.js';
import { print, printJson } from './output.js';

export const spec = defineCommand({
  name: 'show',
  summary: 'show one request with its analysis, context and decision',
  usage: ['show ID [--json]'],
  details:
    'ID is a request id or a unique prefix of one (at least 4 hex digits) among the last 1,000 requests.',
  options: { json: { type: 'boolean', description: 'the request as JSON' } },
  arguments: { name: 'ID (a request id or a unique prefix)', min: 1, max: 1 },
  examples: ['expacti show 3f2a', 'expacti show 3f2a9c1e --json'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  return withReviewer('show', async (client) => {
    const request = await client.getRequest(await resolveRequestId(client, positionals[0]));
    // The session's earlier commands, for the timeline (best effort: the request shows without it).
    const session =
      request.session && !values.json
        ? await client.listRequests({ session: request.session, limit: 50 }).catch(() => [])
        : [];
    if (values.json) printJson(request);
    else print(requestDetails(request, Date.now(), session));
    return 0;
  });
}
