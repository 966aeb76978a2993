/**
 * `expacti doctor [--json] [--url URL]`: checks this machine's set-up — the configuration, the
 * server and its store, the clocks, the tokens and their roles, the hooks of the agent hosts found here, and whether
 * commands can be confined here — and says what to fix. Exit 0 when nothing failed (warnings
 * allowed), 1 when something did.
 */
import { defineCommand, parseCommand } from './args.js';
import { displayInline } from '../protocol/displayText.js';
import { print, printJson } from './output.js';
import {
  claudeHookChecks,
  hostHookChecks,
  configCheck,
  confinementCheck,
  nativeFastCheck,
  serverChecks,
  storeCheck,
  tokenCheck,
  type Check,
  type DoctorContext,
} from './doctorChecks.js';

export const spec = defineCommand({
  name: 'doctor',
  summary: 'check this machine’s set-up and say what to fix',
  usage: ['doctor [--json] [--url URL]'],
  details:
    'Checks the configuration, that the server answers and its database and change feed work, the clock ' +
    'against the server’s, the agent and reviewer tokens and their roles, the Claude Code hook and the hooks ' +
    'of the other agent hosts found here (installed? fails closed?), and ' +
    'whether commands can be confined on this machine. Changes nothing. Exit 1 when a check fails.',
  options: {
    json: { type: 'boolean', description: 'the checks as one JSON object' },
    url: { type: 'string', value: 'URL', description: 'check this server instead of the configured one' },
  },
  examples: ['expacti doctor', 'expacti doctor --json | jq .checks'],
});

const MARK: Record<Check['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const ctx: DoctorContext = {
    env: process.env,
    cwd: process.cwd(),
    timeoutMs: 5000,
    ...(parsed.values.url ? { url: parsed.values.url } : {}),
  };
  const checks = await runChecks(ctx);
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (parsed.values.json) printJson({ ok: failed === 0, checks });
  else print(report(checks));
  return failed === 0 ? 0 : 1;
}

export async function runChecks(ctx: DoctorContext): Promise<Check[]> {
  const { check: config, url } = configCheck(ctx);
  const checks: Check[] = [config];
  let approvalTimeout: number | null = null;
  if (url) {
    const server = await serverChecks(ctx, url);
    checks.push(...server);
    if (server[0]?.status === 'ok') {
      checks.push(await storeCheck(ctx, url));
      const agent = await tokenCheck(ctx, url, 'agent');
      const reviewer = await tokenCheck(ctx, url, 'reviewer');
      checks.push(agent.check, reviewer.check);
      approvalTimeout = (agent.me ?? reviewer.me)?.org.approvalTimeoutSeconds ?? null;
      if (!agent.me && !reviewer.me && agent.check.status !== 'fail' && reviewer.check.status !== 'fail')
        checks.push({
          name: 'tokens',
          status: 'fail',
          detail: 'no usable token: nothing on this machine can talk to the server',
          fix: 'expacti login --url URL --token TOKEN',
        });
    }
  }
  checks.push(
    ...claudeHookChecks(ctx, approvalTimeout),
    ...hostHookChecks(ctx),
    confinementCheck(ctx),
    nativeFastCheck(ctx),
  );
  return checks;
}

function report(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.flatMap((c) => [
    `${MARK[c.status]}  ${c.name.padEnd(width)}  ${displayInline(c.detail)}`,
    ...(c.fix && c.status !== 'ok' ? [`${' '.repeat(6 + width)}  fix: ${displayInline(c.fix)}`] : []),
  ]);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const verdict =
    failed > 0
      ? `${failed} problem${failed === 1 ? '' : 's'} to fix${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}`
      : warned > 0
        ? `no problems; ${warned} warning${warned === 1 ? '' : 's'}`
        : 'everything looks right';
  return `${lines.join('\n')}\n\nexpacti doctor: ${verdict}`;
}
