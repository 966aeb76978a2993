/**
 * `expacti hook claude|gemini|cursor --observe`: the read observer (agent/observe/observeHook.ts)
 * as a process. Whatever happens — bad input, no server, a crash, a slow network — it answers what
 * lets the agent go on and exits 0 within a few seconds; what it could not record it says on stderr.
 */
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import { displayInline } from '../protocol/displayText.js';
import { observe, OBSERVE_HOSTS } from '../agent/observe/observeHook.js';

const MAX_INPUT_BYTES = 4 * 1024 * 1024;
/** The whole hook's time: well inside any host's hook timeout (init writes 30 s). */
const OBSERVE_BUDGET_MS = 8000;

export async function observeMain(host: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  const h = host ? OBSERVE_HOSTS[host] : undefined;
  let answered = false;
  const answer = (text: string) => {
    if (answered) return;
    answered = true;
    (globalThis as Record<symbol, unknown>)[Symbol.for('expacti.hook.answered')] = true; // read by bin/expacti.js
    if (text) process.stdout.write(text + '\n');
  };
  const giveUp = (why: string) => {
    answer(h?.answer(null) ?? '{}');
    process.stderr.write(`expacti: the read was not recorded (${displayInline(why)}); the agent goes on\n`);
    process.exit(0);
  };
  process.on('uncaughtException', (e) => giveUp(`internal error: ${(e as Error).message}`));
  process.on('unhandledRejection', (e) => giveUp(`internal error: ${(e as Error).message}`));
  setTimeout(() => giveUp('the observer ran out of time'), OBSERVE_BUDGET_MS).unref();
  if (!h) {
    answer('{}');
    process.stderr.write(
      `expacti: "${displayInline(host ?? '')}" is not a host expacti observes (use claude, gemini or cursor); the agent goes on\n`,
    );
    return 0;
  }
  const text = await readStdin();
  const result = observe(h, text ?? '');
  answer(result.answer);
  if (result.reads.length === 0) return 0;
  if (!result.session) {
    process.stderr.write('expacti: the read was not recorded (the hook input names no session)\n');
    return 0;
  }
  let client: ExpactiClient | undefined;
  try {
    client = await ExpactiClient.create({ ...resolveClientConfig('agent', env), timeoutMs: 5000 });
    const reads =
      text === null
        ? result.reads.map((r) => ({ ...r, error: `the hook input is over ${MAX_INPUT_BYTES} bytes` }))
        : result.reads;
    await client.reportReads({ session: result.session, reads });
  } catch (error) {
    process.stderr.write(
      `expacti: the read was not recorded (${displayInline((error as Error).message)}); the agent goes on\n`,
    );
  } finally {
    client?.close();
  }
  return 0;
}

/** stdin as text; null past the limit (what came is dropped). */
async function readStdin(): Promise<string | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_INPUT_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
