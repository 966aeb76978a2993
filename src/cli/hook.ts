/**
 * `expacti hook claude [--timeout SECONDS]`: the Claude Code PreToolUse hook process. Reads the
 * hook JSON on stdin, asks through the SDK, answers on stdout, exits 0 — always, including on
 * malformed input, a server that is down, a crash, or a decision that would come too late: each
 * of those is a deny (a hook that fails or times out would let the command run).
 *
 * The hook's own time limit comes from --timeout (written by `expacti init claude`), else
 * EXPACTI_HOOK_TIMEOUT, else 60 s (Claude Code's historical default: assuming more could outlive it).
 */
import { realpathSync } from 'node:fs';
import { Expacti } from '../sdk/expacti.js';
import { asksForHelp, defineCommand, helpText, usageErrorText, type GroupSpec } from './args.js';
import { terminalSafe } from '../protocol/displayText.js';
import { quoteWord } from '../protocol/commandText.js';
import { ExpactiError } from '../client/errors.js';
import { observeMain } from './hookObserve.js';
import {
  allowReason,
  badInputReason,
  errorReason,
  hookAnswer,
  hookTimeoutReason,
  confinedCommand,
  parseHookInput,
  refusedReason,
} from '../agent/claudeHook.js';

export const claudeSpec = defineCommand({
  name: 'hook claude',
  summary: 'the Claude Code PreToolUse hook: reads its JSON on stdin, answers allow or deny on stdout',
  usage: [
    'hook claude [--timeout SECONDS]   < hook-input.json',
    'hook claude|gemini|cursor --observe   < hook-input.json',
  ],
  details:
    'Written into Claude Code settings by `expacti init claude`; not meant to be run by hand. It always ' +
    'answers and exits 0 — a bad command line, a server that is down or a decision that comes too late is a ' +
    'deny — because a hook that fails lets the command run. So this help goes to stderr, with a deny on stdout.',
  options: {
    timeout: {
      type: 'string',
      value: 'SECONDS',
      description: "the hook's time limit in Claude Code settings (default: EXPACTI_HOOK_TIMEOUT, else 60)",
    },
    observe: {
      type: 'boolean',
      description:
        'record what the agent read (PostToolUse for claude, AfterTool for gemini, beforeReadFile and after*Execution for cursor); never blocks',
    },
  },
  examples: [
    `echo '{"tool_name":"Bash","tool_input":{"command":"ls"},"cwd":"/tmp"}' | expacti hook claude --timeout 630`,
  ],
});

export const spec: GroupSpec = {
  name: 'hook',
  summary: 'the Claude Code PreToolUse hook, and the read observers (--observe) (JSON on stdin)',
  details: claudeSpec.details,
  subcommands: { claude: claudeSpec },
  examples: ['expacti init claude   # writes the hook into .claude/settings.json'],
};

const DEFAULT_TIMEOUT_S = 60;
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** How much of the hook's time limit we leave unused, to answer before Claude Code gives up. */
export function hookBudgetMs(timeoutSeconds: number): number {
  const total = timeoutSeconds * 1000;
  return total - Math.min(5000, Math.max(1500, total * 0.1));
}

export function hookTimeoutSeconds(args: string[], env: NodeJS.ProcessEnv): number | string {
  let raw: string | undefined = env['EXPACTI_HOOK_TIMEOUT'];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--timeout') raw = args[++i];
    else if (a.startsWith('--timeout=')) raw = a.slice('--timeout='.length);
    else return `unknown option ${a}`;
  }
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_S;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 3 && n <= 86400
    ? n
    : `the hook timeout "${raw}" is not a number of seconds between 3 and 86400`;
}

class DeadlineReached extends Error {}

/** This very installation, by absolute path (Claude Code's PATH may differ): what the rewritten command runs. */
function selfCommand(): string {
  return `${quoteWord(process.execPath)} ${quoteWord(realpathSync(process.argv[1] as string))}`;
}

export async function main(args: string[]): Promise<number> {
  // The read observer (issue 25) never blocks and never fails the agent: its own path.
  if (args.includes('--observe') && !asksForHelp(args))
    return observeMain(
      args.find((a) => !a.startsWith('-')),
      process.env,
    );
  // Claude Code's clock starts when it spawns us: count from the process start, not from here.
  const started = Math.min(Date.now(), Math.round(performance.timeOrigin));
  let answered = false;
  const answer = (decision: 'allow' | 'deny', reason: string, updatedInput?: Record<string, unknown>) => {
    if (answered) return;
    answered = true;
    (globalThis as Record<symbol, unknown>)[Symbol.for('expacti.hook.answered')] = true; // read by bin/expacti.js
    process.stdout.write(hookAnswer(decision, reason, updatedInput));
    // Whatever is still open (a slow socket, stdin) must not keep the hook alive past its answer.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  const crash = (error: unknown) => {
    answer('deny', errorReason(error));
    process.exit(0);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.once('SIGTERM', () => crash(new Error('the hook was stopped (SIGTERM)')));

  const [agent, ...rest] = args;
  if (asksForHelp(args)) {
    process.stderr.write(terminalSafe(helpText(agent === 'claude' ? claudeSpec : spec)));
    answer(
      'deny',
      badInputReason('the hook was started with --help: it showed its usage instead of deciding'),
    );
    return 0;
  }
  if (agent !== 'claude') {
    process.stderr.write(terminalSafe(usageErrorText(spec, `"${agent ?? ''}" is not a known hook`)));
    answer(
      'deny',
      badInputReason(`"expacti hook ${agent ?? ''}" is not a known hook (use: expacti hook claude)`),
    );
    return 0;
  }
  const timeout = hookTimeoutSeconds(rest, process.env);
  if (typeof timeout === 'string') {
    process.stderr.write(terminalSafe(usageErrorText(claudeSpec, timeout)));
    answer('deny', badInputReason(timeout));
    return 0;
  }
  const deadline = started + hookBudgetMs(timeout);
  const controller = new AbortController();
  let requestId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const expacti = new Expacti({ httpTimeoutMs: Math.max(1000, Math.min(30_000, deadline - Date.now())) });
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DeadlineReached());
      }, deadline - Date.now());
    });
    const decide = async (): Promise<
      ['allow' | 'deny', string] | ['allow', string, Record<string, unknown>]
    > => {
      const text = await readStdin();
      if (text === null) return ['deny', badInputReason(`the hook input is over ${MAX_INPUT_BYTES} bytes`)];
      const parsed = parseHookInput(text);
      if (!parsed.ok) return ['deny', badInputReason(parsed.why)];
      const { command, cwd, session, reason, toolInput } = parsed.input;
      const result = await expacti.request(
        { shell: command },
        {
          ...(cwd ? { cwd } : {}),
          ...(session ? { session } : {}),
          ...(reason ? { reason } : {}),
          waitTimeoutMs: Math.max(0, deadline - Date.now()),
          signal: controller.signal,
          onWaiting: (p) => (requestId = p.requestId),
        },
      );
      if (!result.allowed) return ['deny', refusedReason(result)];
      if (!result.confine) return ['allow', allowReason(result)];
      const rewritten = confinedCommand({ ...result, confine: result.confine }, command, selfCommand());
      return ['allow', allowReason(result), { ...toolInput, command: rewritten }];
    };
    const deciding = decide();
    deciding.catch(() => undefined); // once the deadline has answered, a late failure is moot
    const [decision, reason, updatedInput] = await Promise.race([deciding, late]);
    answer(decision, reason, updatedInput);
  } catch (error) {
    const tooLate =
      error instanceof DeadlineReached ||
      (error instanceof ExpactiError && (error.code === 'timeout' || error.code === 'aborted'));
    // Nobody will run it: take it off the reviewers' screens (bounded: the host is waiting).
    if (tooLate && requestId)
      await Promise.race([
        expacti.cancel(requestId, `the hook's time limit of ${timeout} s passed`).catch(() => undefined),
        new Promise((r) => setTimeout(r, 1000)),
      ]);
    answer('deny', tooLate ? hookTimeoutReason(timeout, requestId) : errorReason(error));
  } finally {
    clearTimeout(timer);
    controller.abort();
    expacti.close();
    process.stdin.destroy();
  }
  return 0;
}

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
