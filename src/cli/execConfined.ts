/**
 * `expacti exec-confined --request ID --plan B64 -c SHELL`: what an allowed command from a host
 * that runs commands itself (Claude Code's Bash tool) is rewritten to. The hook already asked and
 * claimed the single execution; this runs exactly the command, held to the decision's scope
 * (docs/confinement.md), and reports how it ended. Nothing here asks the server for a decision:
 * the plan came from the server through the hook's answer, which the model cannot change.
 *
 * Where the native program is built, the rewrite names it (native/fast `exec-confined`): it runs a
 * plan that needs no confinement, checkpoint or helper itself, and hands every other one to this
 * code with the same arguments before anything runs. The two must agree on exit codes, output and
 * the report (test/nativeExecConfined.e2e.test.ts).
 */
import { EXIT } from '../protocol/exitCodes.js';
import type { ExecutePlan } from '../protocol/scope.js';
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import { execApproved, shellStatus, type ExecResult } from '../agent/exec.js';
import { createCheckpoint } from '../agent/checkpoint.js';
import { notRunBlock } from '../agent/messages.js';
import { violationMessage } from '../agent/confine/effects.js';
import { describeScope } from '../core/confine/scope.js';
import { displayInline } from '../protocol/displayText.js';
import { fnv1a64 } from '../agent/context.js';
import { reportResult } from './reportResult.js';
import { defineCommand, help, usageError } from './args.js';

export const spec = defineCommand({
  name: 'exec-confined',
  summary: 'run an allowed command in its scope (written by hooks, not run by hand)',
  usage: ['exec-confined --request ID --plan BASE64 -c SHELL'],
  details:
    'What `expacti hook claude` rewrites an allowed Bash command to: it runs exactly SHELL, held to the ' +
    "decision's scope (docs/confinement.md), and reports how it ended. It asks the server nothing.",
  options: {
    request: { type: 'string', value: 'ID', required: true, description: 'the allowed request' },
    plan: {
      type: 'string',
      value: 'BASE64',
      required: true,
      description: 'the execution plan from the decision',
    },
    c: { type: 'string', shortOnly: true, value: 'SHELL', description: 'the command (required)' },
  },
  examples: [
    "expacti exec-confined --request 3f2a… --plan eyJzY29wZSI6… -c 'npm test'   # written by the hook",
  ],
});

function parse(args: string[]): { request: string; plan: ExecutePlan; shell: string } | string {
  let request: string | undefined;
  let plan: string | undefined;
  let shell: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--request') request = args[++i];
    else if (a === '--plan') plan = args[++i];
    else if (a === '-c') shell = args[++i];
    else return a?.startsWith('-') ? `unknown option ${a}` : `unexpected argument "${a ?? ''}"`;
  }
  if (!request || !plan || shell === undefined) {
    const missing = [!request && '--request ID', !plan && '--plan BASE64', shell === undefined && '-c SHELL'];
    return `missing ${missing.filter(Boolean).join(', ')}`;
  }
  try {
    const parsed = JSON.parse(Buffer.from(plan, 'base64url').toString('utf8')) as ExecutePlan;
    if (typeof parsed !== 'object' || !parsed.scope || !Array.isArray(parsed.scope.write))
      return 'the plan is not a scope';
    return { request, plan: parsed, shell };
  } catch {
    return 'the plan is not valid base64 JSON';
  }
}

export async function main(args: string[]): Promise<number> {
  // Help only as the first argument: anything after -c is the command's own text.
  if (args[0] === '--help' || args[0] === '-h') return help(spec).exit;
  const parsed = parse(args);
  if (typeof parsed === 'string') return usageError(spec, parsed).exit;
  const checkpoint = parsed.plan.checkpoint
    ? createCheckpoint(process.cwd(), parsed.request, process.env)
    : null;
  const result: ExecResult =
    checkpoint && !checkpoint.ok
      ? { exitCode: null, signal: null, durationMs: 0, confinement: 'unavailable', notRun: checkpoint.why }
      : await execApproved({ shell: parsed.shell }, process.cwd(), process.env, parsed.plan);
  if (result.notRun) process.stderr.write(notRunBlock(parsed.request, result.notRun) + '\n');
  else if (result.effects?.violations.length)
    process.stderr.write(`expacti: ${violationMessage(result.effects, describeScope(parsed.plan.scope))}\n`);
  // Sent now or kept in the spool for the next run (as `expacti run` does), so it is never lost.
  // Without a configuration (the hook's environment names the server), only the report is lost.
  let client: ExpactiClient | undefined;
  try {
    const config = resolveClientConfig('agent', process.env);
    client = await ExpactiClient.create(config);
    await reportResult(client, { url: config.url, agent: fnv1a64(config.token) }, parsed.request, result);
  } catch (error) {
    process.stderr.write(
      `expacti: warning: could not report how the command ended (${displayInline((error as Error).message)})\n`,
    );
  } finally {
    client?.close();
  }
  return result.notRun ? EXIT.unconfined : shellStatus(result);
}
