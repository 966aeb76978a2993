/** Shared plumbing of the reviewer/admin commands: the client, id prefixes, and error output. */
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import { ExpactiError } from '../client/errors.js';
import { EXIT } from '../protocol/exitCodes.js';
import { printError } from './output.js';

export async function withReviewer(
  command: string,
  fn: (client: ExpactiClient) => Promise<number>,
): Promise<number> {
  let client: ExpactiClient | undefined;
  try {
    client = await ExpactiClient.create(resolveClientConfig('reviewer', process.env));
    return await fn(client);
  } catch (error) {
    if (error instanceof ExpactiError) {
      printError(`expacti ${command}: ${error.message}`);
      if (error.code === 'rejected' && error.status === 409) return 1;
      if (error.code === 'rejected' && error.status === 404) return 1;
      return error.code === 'unavailable'
        ? EXIT.unavailable
        : error.code === 'config' || error.code === 'unauthorized' || error.status === 403
          ? EXIT.config
          : error.code === 'rejected'
            ? EXIT.rejected
            : EXIT.software;
    }
    if (error instanceof UsageError) {
      printError(`expacti ${command}: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    client?.close();
  }
}

export class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accepts a full request id or a unique prefix of one among the last 1,000 requests. */
export async function resolveRequestId(
  client: ExpactiClient,
  idOrPrefix: string | undefined,
): Promise<string> {
  if (!idOrPrefix) throw new UsageError('give a request id (or a unique prefix of one)');
  if (UUID.test(idOrPrefix)) return idOrPrefix;
  if (!/^[0-9a-f-]{4,}$/i.test(idOrPrefix))
    throw new UsageError(`"${idOrPrefix}" is not a request id (at least 4 hex digits)`);
  const matches = (await client.listRequests({ limit: 1000 })).filter((r) =>
    r.id.startsWith(idOrPrefix.toLowerCase()),
  );
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length === 0) throw new UsageError(`no recent request starts with ${idOrPrefix}`);
  throw new UsageError(`${idOrPrefix} is ambiguous: ${matches.map((m) => m.id).join(', ')}`);
}
