/**
 * `expacti audit verify [--against FILE]` (exit 0 when the log verifies, 1 with where it breaks) ·
 * `expacti audit checkpoint` (a signed checkpoint of the head, as one JSON line on stdout) ·
 * `expacti audit export` (JSON lines) · `expacti audit keygen --file PATH [--rotate]` (the key file,
 * locally; no server).
 */
import { readFileSync } from 'node:fs';
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import type { AuditCheckpoint, AuditVerifyResponse } from '../protocol/index.js';
import { EXIT } from '../protocol/exitCodes.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printError, printJson } from './output.js';

const OPTIONS = {
  against: {
    type: 'string',
    value: 'FILE',
    description: 'also check the log still extends the checkpoints in FILE (one, or JSON lines)',
  },
  file: { type: 'string', value: 'PATH', required: true, description: 'the key file to create (mode 600)' },
  rotate: { type: 'boolean', description: 'add a new current key pair to an existing file' },
} satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'audit',
  summary: 'verify, checkpoint or export the audit log; make audit keys',
  details:
    'Every state change is an audit record, sealed over the one before with a key outside the database; ' +
    'signed checkpoints prove the log was not cut back (docs/deployment.md, "Audit keys and checkpoints").',
  subcommands: {
    verify: defineCommand({
      name: 'audit verify',
      summary: 'check the whole chain; exit 0 when intact, 1 naming the first broken record',
      usage: ['audit verify [--against FILE]'],
      options: pick(OPTIONS, 'against'),
      examples: ['expacti audit verify --against /secure/expacti-checkpoints.jsonl'],
    }),
    checkpoint: defineCommand({
      name: 'audit checkpoint',
      summary: 'sign a checkpoint of the head now; prints it as one JSON line',
      usage: ['audit checkpoint'],
      options: {},
      examples: ['expacti audit checkpoint >> /secure/expacti-checkpoints.jsonl'],
    }),
    export: defineCommand({
      name: 'audit export',
      summary: 'print the whole log as JSON lines',
      usage: ['audit export'],
      options: {},
      examples: ['expacti audit export > audit.jsonl'],
    }),
    keygen: defineCommand({
      name: 'audit keygen',
      summary: 'create (or --rotate) an audit key file, locally; no server',
      usage: ['audit keygen --file PATH [--rotate]'],
      options: pick(OPTIONS, 'file', 'rotate'),
      examples: ['expacti audit keygen --file /etc/expacti/audit-keys.json'],
    }),
  },
  examples: ['expacti audit verify'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values } = parsed;
  if (sub === 'keygen') return keygen(values.file as string, values.rotate === true);
  return withReviewer(`audit ${sub}`, async (client) => {
    if (sub === 'verify') {
      const against = values.against;
      const checkpoints = against === undefined ? [] : readCheckpoints(against);
      const result = await client.verifyAudit(checkpoints);
      print(describe(result, checkpoints));
      return result.ok ? 0 : 1;
    }
    if (sub === 'checkpoint') {
      const { checkpoint, sinks } = await client.auditCheckpoint();
      printJson(checkpoint);
      for (const s of sinks) {
        printError(
          `expacti audit checkpoint: ${s.ok ? 'written to' : 'NOT written to'} ${displayInline(s.sink)}${s.error ? `: ${displayInline(s.error)}` : ''}`,
        );
      }
      return 0;
    }
    if (sub === 'export') {
      let after = 0;
      for (;;) {
        const page = await client.auditPage(after);
        for (const r of page.records) printJson(r);
        if (page.next === null) break;
        after = page.next;
      }
      return 0;
    }
    throw new UsageError(`unknown command ${sub}`);
  });
}

function describe(result: AuditVerifyResponse, given: AuditCheckpoint[]): string {
  if (!result.ok) {
    const p = result.problem;
    return `audit chain BROKEN at record #${p?.seq}: ${p?.kind} — ${displayInline(p?.message ?? '')}`;
  }
  const unkeyed = result.unkeyed ? ` (${result.unkeyed} unkeyed, from before audit keys)` : '';
  const newest = given.reduce<AuditCheckpoint | undefined>(
    (a, c) => (!a || c.seq > a.seq ? c : a),
    undefined,
  );
  const against = newest
    ? `; it extends ${given.length} checkpoint${given.length === 1 ? '' : 's'} (newest: #${newest.seq} of ${newest.at})`
    : '';
  return `audit chain intact: ${result.records} records${unkeyed}; head #${result.head?.seq ?? 0} ${result.head?.hash ?? ''}${displayInline(against)}`;
}

/** A checkpoint file: one checkpoint (JSON), or JSON lines of them (a sink's file); the newest 1,000. */
function readCheckpoints(file: string): AuditCheckpoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const trimmed = text.trim();
  const items: unknown[] = [];
  try {
    if (trimmed.startsWith('{') && !trimmed.includes('\n')) items.push(JSON.parse(trimmed));
    else if (trimmed.startsWith('[')) items.push(...(JSON.parse(trimmed) as unknown[]));
    else for (const line of trimmed.split('\n')) if (line.trim()) items.push(JSON.parse(line));
  } catch (error) {
    throw new UsageError(
      `${file} is not a checkpoint or JSON lines of checkpoints: ${(error as Error).message}`,
    );
  }
  if (items.length === 0) throw new UsageError(`${file} holds no checkpoint`);
  return (items as AuditCheckpoint[]).sort((a, b) => a.seq - b.seq).slice(-1000);
}

async function keygen(file: string, rotate: boolean): Promise<number> {
  const { createAuditKeyFile, rotateAuditKeyFile } = await import('../server/auditKeys.js');
  try {
    if (rotate) rotateAuditKeyFile(file, new Date());
    else createAuditKeyFile(file, new Date());
  } catch (error) {
    process.stderr.write(`expacti audit keygen: ${(error as Error).message}\n`);
    return EXIT.config;
  }
  process.stdout.write(
    rotate
      ? `expacti: added a new current audit key to ${file}; give the updated file to every replica and restart them\n`
      : `expacti: created ${file} (mode 600). Give the same file to every replica (--audit-key-file); keep a copy where the database's administrators cannot read it.\n`,
  );
  return 0;
}
