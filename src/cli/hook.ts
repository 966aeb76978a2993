/**
 * `expacti hook HOST [--timeout SECONDS]`: an agent host's pre-execution hook as a process (issue
 * 20). Reads the host's hook JSON on stdin, asks the server (agent/hooks/decide.ts), answers in the
 * host's documented form (agent/hooks/hosts/) and exits as the host needs — always, including on
 * malformed input, a server that is down, a crash, or a decision that would come too late: each of
 * those is a deny, because a hook that fails or times out lets the command run in almost every host.
 *
 * The hook's time limit comes from --timeout (written by `expacti init HOST`), else
 * EXPACTI_HOOK_TIMEOUT, else the host's documented default; it answers a little before it runs out.
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  asksForHelp,
  defineCommand,
  helpText,
  usageErrorText,
  type CommandSpec,
  type GroupSpec,
} from './args.js';
import { terminalSafe } from '../protocol/displayText.js';
import { selfCommandOf } from '../core/hooks/allowed.js';
import { ExpactiError } from '../client/errors.js';
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import { GATE_HOSTS } from '../agent/hooks/hosts/index.js';
import { claude } from '../agent/hooks/hosts/claude.js';
import type { GateHost, HookCall, Outcome } from '../agent/hooks/types.js';
import { decide, deny, denyForError } from '../agent/hooks/decide.js';
import { badInputReason, hookTimeoutReason } from '../agent/hooks/reasons.js';
import { isTier, tierRank, type Tier } from '../protocol/tiers.js';

const OBSERVED = 'claude|gemini|cursor';

function hostSpec(host: GateHost): CommandSpec {
  return defineCommand({
    name: `hook ${host.name}`,
    summary: `the ${host.title} pre-execution hook: reads its JSON on stdin, answers allow or deny on stdout`,
    usage: [
      `hook ${host.name} [--timeout SECONDS]   < hook-input.json`,
      ...(OBSERVED.split('|').includes(host.name) ? [`hook ${host.name} --observe   < hook-input.json`] : []),
    ],
    details:
      `Written into ${host.title}'s configuration by \`expacti init ${host.name}\`; not meant to be run by hand. It always ` +
      "answers in the host's form — a bad command line, a server that is down or a decision that comes too late is a " +
      'deny — because a hook that fails lets the command run. So this help goes to stderr, with a deny on stdout.',
    options: {
      timeout: {
        type: 'string',
        value: 'SECONDS',
        description: `the hook's time limit in the host's configuration (default: EXPACTI_HOOK_TIMEOUT, else ${host.defaultTimeoutS})`,
      },
      observe: {
        type: 'boolean',
        description: `record what the agent read (${OBSERVED} only); never blocks`,
      },
      ...(host.askModes
        ? {
            'ask-up-to': {
              type: 'string' as const,
              value: 'TIER',
              description: `commands judged safe…medium (at most TIER) that would wait for a reviewer go to ${host.title}'s own prompt instead (only in its ${host.askModes.join(' / ')} permission modes); audited`,
            },
          }
        : {}),
    },
    examples: [`expacti init ${host.name}   # writes this hook into ${host.title}'s configuration`],
  });
}

export const claudeSpec = hostSpec(claude);

export const spec: GroupSpec = {
  name: 'hook',
  summary: 'the pre-execution hooks of agent hosts, and the read observers (--observe) (JSON on stdin)',
  details: claudeSpec.details,
  subcommands: Object.fromEntries(Object.values(GATE_HOSTS).map((h) => [h.name, hostSpec(h)])),
  examples: ['expacti init claude   # writes the hook into .claude/settings.json', 'expacti init --detect'],
};

const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** How much of the hook's time limit we leave unused, to answer before the host gives up. */
export function hookBudgetMs(timeoutSeconds: number): number {
  const total = timeoutSeconds * 1000;
  return total - Math.min(5000, Math.max(1500, total * 0.1));
}

export function hookTimeoutSeconds(args: string[], env: NodeJS.ProcessEnv, fallback = 60): number | string {
  const options = hookOptions(args, env, fallback, false);
  return typeof options === 'string' ? options : options.timeout;
}

/** The highest tier `--ask-up-to` may hand to a host's prompt: above it, only a reviewer decides. */
const ASK_CEILING: Tier = 'medium';

export function hookOptions(
  args: string[],
  env: NodeJS.ProcessEnv,
  fallback: number,
  canAsk: boolean,
): { timeout: number; askUpTo?: Tier } | string {
  let raw: string | undefined = env['EXPACTI_HOOK_TIMEOUT'];
  let ask: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--timeout') raw = args[++i];
    else if (a.startsWith('--timeout=')) raw = a.slice('--timeout='.length);
    else if (canAsk && a === '--ask-up-to') ask = args[++i] ?? '';
    else if (canAsk && a.startsWith('--ask-up-to=')) ask = a.slice('--ask-up-to='.length);
    else return `unknown option ${a}`;
  }
  let askUpTo: Tier | undefined;
  if (ask !== undefined) {
    if (!isTier(ask) || tierRank(ask) > tierRank(ASK_CEILING))
      return `--ask-up-to takes safe, low or medium, not "${ask}": high and critical commands always go to a reviewer`;
    askUpTo = ask;
  }
  const timeout = parseTimeout(raw, fallback);
  return typeof timeout === 'string' ? timeout : { timeout, ...(askUpTo ? { askUpTo } : {}) };
}

function parseTimeout(raw: string | undefined, fallback: number): number | string {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 3 && n <= 86400
    ? n
    : `the hook timeout "${raw}" is not a number of seconds between 3 and 86400`;
}

class DeadlineReached extends Error {}

/**
 * This very installation, by absolute path (the host's PATH may differ): what a rewritten command
 * runs. Its native program where it is built (native/fast: it runs a plan that needs no Node itself
 * and hands every other one to this CLI unchanged), else its Node and CLI. The native hook names
 * the same (native/fast/fast.c hook_main).
 */
function selfCommand(): string {
  const script = realpathSync(process.argv[1] as string);
  const native = join(dirname(dirname(script)), 'native', 'fast', 'build', 'expacti-fast');
  try {
    accessSync(native, constants.X_OK);
    return selfCommandOf([realpathSync(native)]);
  } catch {
    return selfCommandOf([process.execPath, script]);
  }
}

/**
 * When the host started the hook: this process's start, or earlier when the native hook
 * (native/fast) handed the call over to this one (EXPACTI_HOOK_STARTED, epoch ms). Only ever
 * earlier: a wrong value can shorten the hook's budget, never lengthen it.
 */
function hookStarted(env: NodeJS.ProcessEnv): number {
  const own = Math.min(Date.now(), Math.round(performance.timeOrigin));
  const handed = Number(env['EXPACTI_HOOK_STARTED']);
  return Number.isInteger(handed) && handed > 0 ? Math.min(own, handed) : own;
}

export async function main(args: string[]): Promise<number> {
  // The read observer (issue 25) never blocks and never fails the agent: its own path, loaded only
  // here (it hashes content: node:crypto would cost every gated command its load).
  if (args.includes('--observe') && !asksForHelp(args))
    return (await import('./hookObserve.js')).observeMain(
      args.find((a) => !a.startsWith('-')),
      process.env,
    );
  // The host's clock starts when it spawns us: count from the process start, not from here.
  const started = hookStarted(process.env);
  const [name, ...rest] = args;
  const host = (name !== undefined && GATE_HOSTS[name]) || claude;
  let call: HookCall = { kind: 'bad', why: 'no input yet' };
  let answered = false;
  const answer = (outcome: Outcome) => {
    if (answered) return;
    answered = true;
    (globalThis as Record<symbol, unknown>)[Symbol.for('expacti.hook.answered')] = true; // read by bin/expacti.js
    // Only a host that documents a prompt for `ask` gets one; anywhere else it would mean "run".
    const out = host.answer(
      outcome.kind === 'ask' && !host.askModes
        ? deny(badInputReason('no prompt to ask', host.name))
        : outcome,
      call,
    );
    if (out.stderr) process.stderr.write(out.stderr);
    process.stdout.write(out.stdout);
    process.exitCode = out.exitCode;
    // Whatever is still open (a slow socket, stdin) must not keep the hook alive past its answer.
    setTimeout(() => process.exit(out.exitCode), 1000).unref();
  };
  const crash = (error: unknown) => {
    answer(denyForError(error, host.name));
    process.exit(Number(process.exitCode ?? 0));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.once('SIGTERM', () => crash(new Error('the hook was stopped (SIGTERM)')));

  if (asksForHelp(args)) {
    const which = name !== undefined && GATE_HOSTS[name] ? spec.subcommands[name] : undefined;
    process.stderr.write(terminalSafe(helpText(which ?? spec)));
    answer(
      deny(
        badInputReason(
          'the hook was started with --help: it showed its usage instead of deciding',
          host.name,
        ),
      ),
    );
    return Number(process.exitCode ?? 0);
  }
  if (name === undefined || !GATE_HOSTS[name]) {
    process.stderr.write(terminalSafe(usageErrorText(spec, `"${name ?? ''}" is not a known hook`)));
    answer(
      deny(
        badInputReason(
          `"expacti hook ${name ?? ''}" is not a known hook (use one of: ${Object.keys(GATE_HOSTS).join(', ')})`,
          'claude',
        ),
      ),
    );
    return Number(process.exitCode ?? 0);
  }
  const options = hookOptions(rest, process.env, host.defaultTimeoutS, host.askModes !== undefined);
  if (typeof options === 'string') {
    process.stderr.write(terminalSafe(usageErrorText(spec.subcommands[name] as CommandSpec, options)));
    answer(deny(badInputReason(options, host.name)));
    return Number(process.exitCode ?? 0);
  }
  const { timeout, askUpTo } = options;
  const deadline = started + hookBudgetMs(timeout);
  const controller = new AbortController();
  let requestId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let client: ExpactiClient | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DeadlineReached());
      }, deadline - Date.now());
    });
    const deciding = (async (): Promise<Outcome> => {
      const text = await readStdin();
      if (text === null)
        return deny(badInputReason(`the hook input is over ${MAX_INPUT_BYTES} bytes`, host.name));
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return deny(badInputReason('the hook input on stdin is not JSON', host.name));
      }
      call = host.parse(raw);
      if (call.kind === 'pass') return { kind: 'pass' };
      if (call.kind === 'bad') return deny(badInputReason(call.why, host.name));
      client = await ExpactiClient.create({
        ...resolveClientConfig('agent', process.env),
        timeoutMs: Math.max(1000, Math.min(30_000, deadline - Date.now())),
      });
      return decide({
        host,
        call,
        client,
        deadline,
        timeoutS: timeout,
        signal: controller.signal,
        env: process.env,
        self: selfCommand,
        onWaiting: (id) => (requestId = id),
        ...(askUpTo ? { askUpTo } : {}),
        // A vote under a team policy, as `expacti run` shows it: on stderr, which the host keeps
        // apart from the answer (hosts that show a hook's output to the user show it there).
        onProgress: (line) => process.stderr.write(terminalSafe(line) + '\n'),
      });
    })();
    deciding.catch(() => undefined); // once the deadline has answered, a late failure is moot
    answer(await Promise.race([deciding, late]));
  } catch (error) {
    const tooLate =
      error instanceof DeadlineReached ||
      (error instanceof ExpactiError && (error.code === 'timeout' || error.code === 'aborted'));
    // Nobody will run it: take it off the reviewers' screens (bounded: the host is waiting). The
    // server keeps a request that became an approval ticket in the meantime.
    if (tooLate && requestId && client)
      await Promise.race([
        client.cancel(requestId, `the hook's time limit of ${timeout} s passed`).catch(() => undefined),
        new Promise((r) => setTimeout(r, 1000)),
      ]);
    answer(tooLate ? deny(hookTimeoutReason(host.name, timeout, requestId)) : denyForError(error, host.name));
  } finally {
    clearTimeout(timer);
    controller.abort();
    client?.close();
    process.stdin.destroy();
  }
  return Number(process.exitCode ?? 0);
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
