/**
 * `expacti init claude [--project|--local|--user] [--timeout SECONDS] [--command CMD]`: adds the
 * PreToolUse hook to Claude Code's settings.json, merging with what is there, idempotently.
 *
 * The hook command runs this very installation by absolute path (Claude Code's PATH may differ),
 * and ends in `|| exit 2`: if the hook cannot even start (node moved, package removed), Claude
 * Code blocks the command instead of running it (any exit other than 0 or 2 would let it run).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { quoteWord } from '../protocol/commandText.js';
import { EXIT } from '../protocol/exitCodes.js';
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import { existingHookTimeout, hookTimeoutFor, mergeClaudeHook } from '../agent/claudeSettings.js';

const USAGE = `usage: expacti init claude [--project | --local | --user] [--timeout SECONDS] [--command CMD]
  --project  .claude/settings.json in this directory (default; shared with the repository)
  --local    .claude/settings.local.json in this directory (yours only)
  --user     ~/.claude/settings.json (every project)
  --timeout  the hook's time limit; default: the org's approval timeout + 30 s, at least 600
  --command  how to start expacti (default: this installation, by absolute path)`;

export function settingsPath(
  scope: 'project' | 'local' | 'user',
  env: NodeJS.ProcessEnv,
  cwd: string,
): string {
  if (scope === 'user') return join(env['CLAUDE_CONFIG_DIR'] || join(homedir(), '.claude'), 'settings.json');
  return join(cwd, '.claude', scope === 'local' ? 'settings.local.json' : 'settings.json');
}

export function hookCommand(expacti: string, timeout: number): string {
  return `${expacti} hook claude --timeout ${timeout} || { echo 'expacti: the approval hook failed to run, so the command was blocked; ask the user to run: expacti init claude' >&2; exit 2; }`;
}

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      project: { type: 'boolean' },
      local: { type: 'boolean' },
      user: { type: 'boolean' },
      timeout: { type: 'string' },
      command: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'claude' || positionals.length > 1) {
    process.stderr.write(
      `${positionals[0] && positionals[0] !== 'claude' ? `expacti init: "${positionals[0]}" is not supported (only claude)\n` : ''}${USAGE}\n`,
    );
    return values.help ? 0 : EXIT.usage;
  }
  if ([values.project, values.local, values.user].filter(Boolean).length > 1) {
    process.stderr.write(`expacti init: choose one of --project, --local, --user\n${USAGE}\n`);
    return EXIT.usage;
  }
  const scope = values.user ? 'user' : values.local ? 'local' : 'project';
  let timeout: number;
  if (values.timeout !== undefined) {
    timeout = Number(values.timeout);
    if (!Number.isInteger(timeout) || timeout < 10 || timeout > 86400) {
      process.stderr.write(`expacti init: --timeout must be whole seconds between 10 and 86400\n`);
      return EXIT.usage;
    }
  } else {
    const org = await orgApprovalTimeout();
    timeout = hookTimeoutFor(org);
    if (org === undefined)
      process.stderr.write(
        `expacti init: could not read the org's approval timeout (no server or token configured); using at least ${timeout} s — keep it above the org's timeout\n`,
      );
  }
  const expacti =
    values.command ?? `${quoteWord(process.execPath)} ${quoteWord(realpathSync(process.argv[1] as string))}`;
  const path = settingsPath(scope, process.env, process.cwd());

  let current: unknown = {};
  try {
    current = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') {
      process.stderr.write(
        `expacti init: ${path} could not be read as JSON (${(error as Error).message}); fix it first, nothing was changed\n`,
      );
      return EXIT.config;
    }
  }
  let merged: ReturnType<typeof mergeClaudeHook>;
  try {
    // A computed time limit never lowers one already set (someone raised it for a reason).
    if (values.timeout === undefined) timeout = Math.max(timeout, existingHookTimeout(current) ?? 0);
    merged = mergeClaudeHook(current, { command: hookCommand(expacti, timeout), timeout });
  } catch (error) {
    process.stderr.write(
      `expacti init: ${path}: ${(error as Error).message}; fix it first, nothing was changed\n`,
    );
    return EXIT.config;
  }
  if (merged.change !== 'unchanged') {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.expacti-${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(merged.settings, null, 2) + '\n');
    renameSync(tmp, path);
  }
  const what = {
    added: 'added the expacti hook to',
    updated: 'updated the expacti hook in',
    unchanged: 'the expacti hook is already set up in',
  }[merged.change];
  process.stdout.write(`${what} ${path} (Bash commands, timeout ${timeout} s)\n`);
  try {
    resolveClientConfig('agent', process.env);
  } catch {
    process.stdout.write(
      'next: give the hook a server and an agent token: expacti login --url URL --token AGENT_TOKEN (or set EXPACTI_URL and EXPACTI_TOKEN where Claude Code runs)\n',
    );
  }
  return 0;
}

/**
 * The org's approval timeout, read with whichever token is at hand (agent or reviewer: /v1/me
 * tells both); undefined when no server answers.
 */
async function orgApprovalTimeout(): Promise<number | undefined> {
  for (const role of ['agent', 'reviewer'] as const) {
    let client: ExpactiClient | undefined;
    try {
      client = await ExpactiClient.create({ ...resolveClientConfig(role, process.env), timeoutMs: 5000 });
      const { org } = await client.call<{ org?: { approvalTimeoutSeconds?: unknown } }>('GET', '/me');
      const seconds = org?.approvalTimeoutSeconds;
      if (typeof seconds === 'number') return seconds;
    } catch {
      // try the other token
    } finally {
      client?.close();
    }
  }
  return undefined;
}
