/** `expacti show ID [--json]`: one request with its analysis, context, decision and execution. */
import { parseArgs } from 'node:util';
import { requestDetails } from './format.js';
import { resolveRequestId, withReviewer } from './reviewer.js';
import { print, printJson } from './output.js';

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
  });
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
