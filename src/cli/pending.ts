/** `expacti pending [--json] [--agent NAME]`: requests waiting for a reviewer, riskiest first. */
import { parseArgs } from 'node:util';
import { TIERS } from '../protocol/tiers.js';
import { duration, table, truncate } from './format.js';
import { withReviewer } from './reviewer.js';

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, agent: { type: 'string' } } });
  return withReviewer('pending', async (client) => {
    const now = Date.now();
    const requests = (
      await client.listRequests({ status: 'pending', agent: values.agent, limit: 1000 })
    ).sort(
      (a, b) =>
        TIERS.indexOf(b.analysis.tier) - TIERS.indexOf(a.analysis.tier) ||
        a.createdAt.localeCompare(b.createdAt),
    );
    if (values.json) {
      process.stdout.write(JSON.stringify(requests) + '\n');
      return 0;
    }
    if (requests.length === 0) {
      process.stdout.write('nothing is waiting for a reviewer\n');
      return 0;
    }
    const rows = requests.map((r) => [
      r.id.slice(0, 8),
      r.agent.name,
      `${r.analysis.tier} ${r.analysis.score}`,
      duration(now - Date.parse(r.createdAt)),
      duration(Date.parse(r.expiresAt) - now),
      truncate(r.commandText, 80),
    ]);
    process.stdout.write(table(['ID', 'AGENT', 'RISK', 'AGE', 'LEFT', 'COMMAND'], rows) + '\n');
    return 0;
  });
}
