/** `expacti session reads SESSION [--json]` · `expacti session clear-taint SESSION [--note TEXT]` (reviewers). */
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';
import { trailLines } from './readsFormat.js';

const OPTIONS = {
  json: { type: 'boolean', description: 'as JSON' },
  note: { type: 'string', value: 'TEXT', description: 'why (kept in the audit log)' },
} satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'session',
  summary: 'show what an agent session read, or clear its taint',
  details:
    'A session that read untrusted or instruction-bearing text is tainted (docs/runtime-context.md): its ' +
    'high-impact commands are judged higher, wildcard whitelist entries allow only read-only commands, and ' +
    'nothing beyond read-only is auto-allowed, until a reviewer clears the taint. Clearing is audited.',
  subcommands: {
    reads: defineCommand({
      name: 'session reads',
      summary: "the session's recent reads, with findings, and whether it is tainted",
      usage: ['session reads SESSION [--json]'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'SESSION (the session id, as `expacti show` prints it)', min: 1, max: 1 },
      examples: ['expacti session reads claude-4f1c…'],
    }),
    'clear-taint': defineCommand({
      name: 'session clear-taint',
      summary: "clear the session's taint: what it read so far no longer raises what it runs",
      usage: ['session clear-taint SESSION [--note TEXT]'],
      options: pick(OPTIONS, 'note', 'json'),
      arguments: { name: 'SESSION', min: 1, max: 1 },
      examples: ["expacti session clear-taint claude-4f1c… --note 'README checked, harmless'"],
    }),
  },
  examples: ['expacti session reads claude-4f1c…', 'expacti session clear-taint claude-4f1c…'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values, positionals } = parsed;
  const session = positionals[0];
  return withReviewer(`session ${sub ?? ''}`.trim(), async (client) => {
    if (!session) throw new UsageError('SESSION is required');
    if (sub === 'reads') {
      const res = await client.sessionReads(session);
      if (values.json) printJson(res);
      else print([`session ${displayInline(session)}`, ...trailLines(res.trail)].join('\n'));
      return 0;
    }
    const res = await client.clearTaint({ session, ...(values.note ? { note: values.note } : {}) });
    if (values.json) printJson(res);
    else
      print(
        `cleared the taint of session ${displayInline(session)}: its reads so far no longer raise what it runs (audited)`,
      );
    return 0;
  });
}
