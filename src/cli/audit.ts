/**
 * `expacti audit verify [--against FILE]` (exit 0 when the log verifies, 1 with where it breaks) ·
 * `expacti audit checkpoint` (a signed checkpoint of the head, as one JSON line on stdout) ·
 * `expacti audit export` (JSON lines) · `expacti audit keygen --file PATH [--rotate]` (the key file,
 * locally; no server).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuditCheckpoint, AuditVerifyResponse } from '../protocol/index.js';
import { EXIT } from '../protocol/exitCodes.js';
import { UsageError, withReviewer } from './reviewer.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printError, printJson } from './output.js';

const USAGE =
  'usage: expacti audit verify [--against CHECKPOINT_FILE] | checkpoint | export | keygen --file PATH [--rotate]';

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'keygen') return keygen(rest);
  return withReviewer(`audit ${sub ?? ''}`.trim(), async (client) => {
    if (sub === 'verify') {
      let against: string | undefined;
      try {
        against = parseArgs({ args: rest, options: { against: { type: 'string' } }, strict: true }).values
          .against;
      } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${USAGE}`);
      }
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
    throw new UsageError(USAGE);
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

async function keygen(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: { file: { type: 'string' }, rotate: { type: 'boolean' } },
      strict: true,
    }).values;
    if (!values.file) throw new Error('give the key file to create: --file PATH');
  } catch (error) {
    process.stderr.write(`expacti audit keygen: ${(error as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { createAuditKeyFile, rotateAuditKeyFile } = await import('../server/auditKeys.js');
  try {
    if (values.rotate) rotateAuditKeyFile(values.file, new Date());
    else createAuditKeyFile(values.file, new Date());
  } catch (error) {
    process.stderr.write(`expacti audit keygen: ${(error as Error).message}\n`);
    return EXIT.config;
  }
  process.stdout.write(
    values.rotate
      ? `expacti: added a new current audit key to ${values.file}; give the updated file to every replica and restart them\n`
      : `expacti: created ${values.file} (mode 600). Give the same file to every replica (--audit-key-file); keep a copy where the database's administrators cannot read it.\n`,
  );
  return 0;
}
