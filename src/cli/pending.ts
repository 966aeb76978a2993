/** `expacti pending [--json] [--agent NAME]`: requests waiting for a reviewer, riskiest first. */
import { defineCommand, parseCommand } from './args.js';
import { TIERS } from '../protocol/tiers.js';
import { displayInline, displayLines } from '../protocol/displayText.js';
import { duration, table } from './format.js';
import { print, printJson } from './output.js';
import { withReviewer } from './reviewer.js';

export const spec = defineCommand({
  name: 'pending',
  summary: 'list requests waiting for a reviewer',
  usage: ['pending [--json] [--agent NAME]'],
  details:
    'Riskiest first, then oldest; each with its id (a unique prefix is enough for show, approve, deny).',
  options: {
    json: { type: 'boolean', description: 'the requests as one JSON array' },
    agent: { type: 'string', value: 'NAME', description: "only this agent's requests" },
  },
  examples: ['expacti pending', 'expacti pending --agent ci --json'],
});

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
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
      printJson(requests);
      return 0;
    }
    if (requests.length === 0) {
      print('nothing is waiting for a reviewer');
      return 0;
    }
    // The whole command, never cut: a multi-line command continues on numbered rows below.
    const rows = requests.flatMap((r) => {
      const lines = displayLines(r.commandText);
      const numbered = lines.length > 1;
      const width = String(lines.length).length;
      const cell = (l: string, i: number) => (numbered ? `${String(i + 1).padStart(width)}│ ${l}` : l);
      return lines.map((line, i) =>
        i === 0
          ? [
              r.id.slice(0, 8),
              displayInline(r.agent.name),
              // Under a team policy needing several approvals: how far it got (1/2).
              `${r.analysis.tier} ${r.analysis.score}${r.approvals && r.approvals.need > 1 ? ` ${r.approvals.have}/${r.approvals.need}` : ''}`,
              duration(now - Date.parse(r.createdAt)),
              duration(Date.parse(r.expiresAt) - now),
              cell(line, i),
            ]
          : ['', '', '', '', '', cell(line, i)],
      );
    });
    print(table(['ID', 'AGENT', 'RISK', 'AGE', 'LEFT', 'COMMAND'], rows));
    return 0;
  });
}
