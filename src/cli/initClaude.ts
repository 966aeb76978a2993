/**
 * `expacti init claude [--project|--local|--user] [--timeout SECONDS] [--command CMD] [--project-mode on|off]`:
 * adds the PreToolUse hook to Claude Code's settings.json, merging with what is there, idempotently,
 * and offers the org's project mode (docs/policies.md) as a visible choice: asked on a terminal,
 * set with --project-mode, otherwise named with how to turn it on.
 *
 * The hook command runs this very installation by absolute path (Claude Code's PATH may differ),
 * and ends in `|| exit 2`: if the hook cannot even start (node moved, package removed), Claude
 * Code blocks the command instead of running it (any exit other than 0 or 2 would let it run).
 */
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { quoteWord } from '../protocol/commandText.js';
import { EXIT } from '../protocol/exitCodes.js';
import { ExpactiClient } from '../client/client.js';
import { resolveClientConfig } from '../client/config.js';
import {
  existingHookTimeout,
  hookTimeoutFor,
  mergeClaudeHook,
  mergeClaudeObserver,
} from '../agent/claudeSettings.js';
import { defineCommand, parseCommand, usageError } from './args.js';
import { removeOurs } from '../agent/install/hookConfig.js';
import { isExpactiHook } from '../agent/claudeSettings.js';

export const claudeSpec = defineCommand({
  name: 'init claude',
  summary: 'add the expacti hook to Claude Code settings (merges, idempotent)',
  usage: [
    'init claude [--project | --local | --user] [--timeout SECONDS] [--command CMD] [--project-mode on|off]',
    'init claude [--project | --local | --user] --uninstall',
  ],
  details:
    'Adds a PreToolUse hook for Bash commands that runs this installation by absolute path, and a PostToolUse ' +
    'hook that records what the agent reads (files, web pages, search results, MCP tool output; it never blocks), ' +
    'keeping every other setting and hook; running it again updates the hooks instead of adding second ones.',
  options: {
    project: {
      type: 'boolean',
      description: '.claude/settings.json here (default; shared with the repository)',
    },
    local: { type: 'boolean', description: '.claude/settings.local.json here (yours only)' },
    user: { type: 'boolean', description: '~/.claude/settings.json (every project)' },
    timeout: {
      type: 'string',
      value: 'SECONDS',
      description: "the hook's time limit (default: the org's approval timeout + 30, at least 600)",
    },
    command: {
      type: 'string',
      value: 'CMD',
      description: 'how to start expacti (default: this installation)',
    },
    uninstall: {
      type: 'boolean',
      description: 'remove the expacti hooks from the settings file (everything else stays)',
    },
    'project-mode': {
      type: 'string',
      value: 'on|off',
      description:
        "the org's project mode (admins): low commands that stay in the project run confined, undoable",
    },
  },
  examples: ['expacti init claude', 'expacti init claude --user', 'expacti init claude --project-mode on'],
});

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

/** The read observer (issue 25): never blocks, so a failure to start is only a note (`|| true`). */
export function observerCommand(expacti: string): string {
  return `${expacti} hook claude --observe || true`;
}

/** Seconds Claude Code gives the observer (it answers within 8). */
export const OBSERVER_TIMEOUT_S = 30;

export async function main(rest: string[]): Promise<number> {
  const parsed = parseCommand(claudeSpec, rest);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  if ([values.project, values.local, values.user].filter(Boolean).length > 1)
    return usageError(claudeSpec, 'choose one of --project, --local, --user').exit;
  const scope = values.user ? 'user' : values.local ? 'local' : 'project';
  if (values.uninstall) return uninstall(settingsPath(scope, process.env, process.cwd()));
  const projectMode = values['project-mode'];
  if (projectMode !== undefined && projectMode !== 'on' && projectMode !== 'off')
    return usageError(claudeSpec, '--project-mode must be on or off').exit;
  let timeout: number;
  if (values.timeout !== undefined) {
    timeout = Number(values.timeout);
    if (!Number.isInteger(timeout) || timeout < 10 || timeout > 86400)
      return usageError(claudeSpec, '--timeout must be whole seconds between 10 and 86400').exit;
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
    const observer = mergeClaudeObserver(merged.settings, {
      command: observerCommand(expacti),
      timeout: OBSERVER_TIMEOUT_S,
    });
    merged = {
      settings: observer.settings,
      change:
        merged.change === 'unchanged' && observer.change === 'unchanged'
          ? 'unchanged'
          : merged.change === 'added'
            ? 'added'
            : 'updated',
    };
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
  process.stdout.write(
    'with the read observer (PostToolUse: Read, WebFetch, WebSearch, Grep, Bash output, MCP tools — recorded, never blocked)\n',
  );
  try {
    resolveClientConfig('agent', process.env);
  } catch {
    process.stdout.write(
      'next: give the hook a server and an agent token: expacti login --url URL --token AGENT_TOKEN (or set EXPACTI_URL and EXPACTI_TOKEN where Claude Code runs)\n',
    );
  }
  return offerProjectMode(projectMode);
}

const PROJECT_MODE =
  'project mode: low-risk commands that stay in the project (builds, tests, formatters, local commits) run without asking, confined to the project and the temp dir with no network, after a checkpoint that `expacti undo` restores';

/**
 * Project mode is the org's choice, off by default (a novel command gets a reviewer's sign-off):
 * set it when asked to, ask on a terminal, otherwise say what it is and how to turn it on.
 */
async function offerProjectMode(choice: string | undefined): Promise<number> {
  let on: boolean | undefined = choice === undefined ? undefined : choice === 'on';
  if (on === undefined && process.stdin.isTTY && process.stdout.isTTY) {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`turn on ${PROJECT_MODE}? (admins; off by default) [y/N] `);
    rl.close();
    on = /^y(es)?$/i.test(answer.trim()) ? true : undefined;
  }
  if (on === undefined) {
    process.stdout.write(
      `${PROJECT_MODE}: off unless an admin turns it on — expacti init claude --project-mode on\n`,
    );
    return 0;
  }
  let client: ExpactiClient | undefined;
  try {
    client = await ExpactiClient.create({ ...resolveClientConfig('reviewer', process.env), timeoutMs: 5000 });
    await client.call('PATCH', '/org', { projectMode: on });
    process.stdout.write(`project mode is now ${on ? 'on' : 'off'} for the org\n`);
    return 0;
  } catch (error) {
    process.stderr.write(
      `expacti init: could not set project mode (${(error as Error).message}); an admin can run: expacti init claude --project-mode ${on ? 'on' : 'off'}\n`,
    );
    return EXIT.config;
  } finally {
    client?.close();
  }
}

/**
 * The org's approval timeout, read with whichever token is at hand (agent or reviewer: /v1/me
 * tells both); undefined when no server answers.
 */
export async function orgApprovalTimeout(): Promise<number | undefined> {
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

/** Takes the expacti hooks (gate and read observer) out of the settings file; nothing else changes. */
function uninstall(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    process.stdout.write(`no expacti hook in ${path} (there is no such file)\n`);
    return 0;
  }
  let next: Record<string, unknown>;
  let current: unknown;
  try {
    current = JSON.parse(text);
    next = removeOurs(current, isExpactiHook);
  } catch (error) {
    process.stderr.write(`expacti init: ${path}: ${(error as Error).message}; nothing was changed\n`);
    return EXIT.config;
  }
  if (next === current) {
    process.stdout.write(`no expacti hook in ${path}\n`);
    return 0;
  }
  const tmp = `${path}.expacti-${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  renameSync(tmp, path);
  process.stdout.write(`removed the expacti hooks from ${path}\n`);
  return 0;
}
