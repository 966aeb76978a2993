/**
 * The report of how an approved command ended, shared by `expacti run`, `expacti sh -c` and
 * `expacti exec-confined`: sent now, or, when the server cannot take it, kept in the spool for
 * the next run (agent/reportSpool.ts), so it is never lost.
 */
import type { ResultBody } from '../protocol/api.js';
import type { OutputScan } from '../protocol/reads.js';
import type { ExpactiClient } from '../client/client.js';
import { ExpactiError } from '../client/errors.js';
import type { ExecResult } from '../agent/exec.js';
import { drainSpool, spoolDir, spoolReport } from '../agent/reportSpool.js';
import { displayInline } from '../protocol/displayText.js';

/**
 * Reports how the command ended; when the server cannot take it now, the report waits in the
 * spool for the next run (agent/reportSpool.ts). Reports a previous run could not deliver go
 * after this one.
 */
export async function reportResult(
  client: ExpactiClient,
  who: { url: string; agent: string },
  id: string,
  result: ExecResult,
  read?: OutputScan,
): Promise<void> {
  const body: ResultBody = {
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: Math.round(result.durationMs),
    confinement: result.confinement,
    ...(result.notRun ? { notRun: result.notRun } : {}),
    ...(result.effects ? { effects: result.effects } : {}),
    ...(read && !result.notRun ? { read } : {}),
  };
  const dir = spoolDir(process.env);
  try {
    await client.report(id, body);
  } catch (error) {
    const refused = error instanceof ExpactiError && error.code === 'rejected';
    if (!refused) {
      try {
        spoolReport(dir, { ...who, id, body });
      } catch {
        // The warning below says it was not reported.
      }
    }
    process.stderr.write(
      `expacti: warning: could not report the exit code to the server (${displayInline((error as Error).message)})${refused ? '' : '; kept to send with the next run'}\n`,
    );
    return;
  }
  await drainSpool(dir, who.url, who.agent, (spooledId, spooled) => client.report(spooledId, spooled));
}
