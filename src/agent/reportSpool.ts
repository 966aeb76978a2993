/**
 * How a command ended is never lost (issue 26): when `expacti run` cannot report it (the server
 * went away while the command ran), the report waits in a spool file, one per request, and the
 * next run on this machine sends it after its own report. Files are written whole (temp + rename,
 * mode 600), and sent only by the same agent token to the same server; a report the server
 * refuses for good (already reported, unknown) is dropped, one it cannot take now stays. Bounded: at most MAX_FILES wait; the oldest go first.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { expactiStateDir } from './stateDir.js';
import { join } from 'node:path';
import type { ResultBody } from '../protocol/api.js';
import { ExpactiError } from '../client/errors.js';

const MAX_FILES = 1000;
/** Sent per run at most: a long backlog drains over several runs. */
const PER_RUN = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Spooled {
  /** The server the request belongs to. */
  url: string;
  /** Which agent token ran it (a hash): only that token may report it. */
  agent: string;
  id: string;
  body: ResultBody;
}

export function spoolDir(env: NodeJS.ProcessEnv = process.env): string {
  return expactiStateDir(env, 'reports');
}

export function spoolReport(dir: string, report: Spooled): void {
  if (!UUID.test(report.id)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${report.id}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(report), { mode: 0o600 });
  renameSync(tmp, file);
  const waiting = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (waiting.length > MAX_FILES) {
    const oldest = waiting
      .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => a.t - b.t)
      .slice(0, waiting.length - MAX_FILES);
    for (const o of oldest) rmSync(join(dir, o.f), { force: true });
  }
}

/**
 * Sends what waits for this server with `send`. Never throws; a missing spool costs one failed
 * readdir. Returns how many were delivered.
 */
export async function drainSpool(
  dir: string,
  url: string,
  agent: string,
  send: (id: string, body: ResultBody) => Promise<void>,
): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return 0;
  }
  let delivered = 0;
  for (const f of files.slice(0, PER_RUN)) {
    const path = join(dir, f);
    let report: Spooled;
    try {
      report = JSON.parse(readFileSync(path, 'utf8')) as Spooled;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    if (report.url !== url || report.agent !== agent) continue;
    try {
      await send(report.id, report.body);
      delivered++;
      rmSync(path, { force: true });
    } catch (error) {
      // Refused for good (already reported, not this agent's, gone): nothing more to deliver.
      if (error instanceof ExpactiError && error.code === 'rejected') rmSync(path, { force: true });
      else return delivered;
    }
  }
  return delivered;
}
