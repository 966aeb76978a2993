/**
 * `expacti init HOST [--project | --user] [--timeout SECONDS] [--command CMD] [--uninstall]` for
 * the hosts beside Claude Code (agent/install/): merges our hook into the host's configuration —
 * other hooks kept, a second run changes nothing, a time limit already higher is kept — sets the
 * host's own fail-closed switch where it has one, prints what it changed and what is left to do.
 * `--uninstall` removes exactly what init added.
 */
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { EXIT } from '../protocol/exitCodes.js';
import { resolveClientConfig } from '../client/config.js';
import { hookTimeoutFor } from '../agent/claudeSettings.js';
import type { HostInstaller, InstallContext, PlannedFile } from '../agent/install/types.js';
import { defineCommand, parseCommand, usageError, type CommandSpec } from './args.js';

export function hostInitSpec(host: HostInstaller): CommandSpec {
  return defineCommand({
    name: `init ${host.name}`,
    summary: `add the expacti hook to ${host.title} (merges, idempotent; --uninstall removes it)`,
    usage: [
      `init ${host.name} [--project | --user] [--timeout SECONDS] [--command CMD]`,
      `init ${host.name} [--project | --user] --uninstall`,
    ],
    details:
      `Writes ${host.title}'s pre-execution hook so that every shell command waits for approval, runs this installation ` +
      'by absolute path, and makes a failing hook block the command. Everything else in the configuration stays; ' +
      'running it again changes nothing. docs/integrations/' +
      `${host.name}.md says what it writes and why.`,
    options: {
      project: { type: 'boolean', description: 'this project (default)' },
      user: { type: 'boolean', description: 'your user configuration (every project)' },
      timeout: {
        type: 'string',
        value: 'SECONDS',
        description:
          host.fixedTimeoutS === null
            ? "the hook's time limit (default: the org's approval timeout + 30, at least 600)"
            : `ignored: ${host.title} gives every hook ${host.fixedTimeoutS} s`,
      },
      command: {
        type: 'string',
        value: 'CMD',
        description: 'how to start expacti (default: this installation)',
      },
      uninstall: { type: 'boolean', description: 'remove what init added (nothing else)' },
    },
    examples: [
      `expacti init ${host.name}`,
      `expacti init ${host.name} --user`,
      `expacti init ${host.name} --uninstall`,
    ],
  });
}

export interface InitEnvironment {
  expacti: string;
  /** The org's approval timeout (seconds) when a server answers; undefined otherwise. */
  orgTimeout: () => Promise<number | undefined>;
}

export async function initHost(host: HostInstaller, args: string[], e: InitEnvironment): Promise<number> {
  const spec = hostInitSpec(host);
  const parsed = parseCommand(spec, args);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  if (values.project && values.user) return usageError(spec, 'choose one of --project, --user').exit;
  if (values.project && !host.scopes.includes('project'))
    return usageError(
      spec,
      `${host.title} has no project configuration: its hook goes in your user configuration (--user)`,
    ).exit;
  let timeoutS: number;
  let computed = false;
  if (host.fixedTimeoutS !== null) timeoutS = host.fixedTimeoutS;
  else if (values.timeout !== undefined) {
    timeoutS = Number(values.timeout);
    if (!Number.isInteger(timeoutS) || timeoutS < 10 || timeoutS > 86400)
      return usageError(spec, '--timeout must be whole seconds between 10 and 86400').exit;
  } else {
    const org = values.uninstall ? undefined : await e.orgTimeout();
    timeoutS = hookTimeoutFor(org);
    computed = true;
    if (org === undefined && !values.uninstall)
      process.stderr.write(
        `expacti init: could not read the org's approval timeout (no server or token configured); using at least ${timeoutS} s — keep it above the org's timeout\n`,
      );
  }
  const ctx: InstallContext = {
    scope: values.user || !host.scopes.includes('project') ? 'user' : 'project',
    cwd: process.cwd(),
    home: process.env['HOME'] || homedir(),
    env: process.env,
    expacti: values.command ?? e.expacti,
    timeoutS,
    read: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
  };
  let planned: PlannedFile[];
  try {
    // A computed time limit never lowers one already set (someone raised it for a reason).
    if (computed) ctx.timeoutS = Math.max(timeoutS, host.currentTimeoutS(ctx) ?? 0);
    planned = values.uninstall ? host.uninstall(ctx) : host.install(ctx);
  } catch (error) {
    process.stderr.write(`expacti init ${host.name}: ${(error as Error).message}\n`);
    return EXIT.config;
  }
  for (const file of planned) apply(file);
  for (const file of planned) process.stdout.write(`${file.change.padEnd(9)} ${file.path}\n`);
  if (values.uninstall) {
    process.stdout.write(
      `${host.title}: the expacti hook is ${planned.some((f) => f.change === 'removed' || f.change === 'updated') ? 'removed' : 'not there'}\n`,
    );
    return 0;
  }
  process.stdout.write(
    `${host.title}: shell commands wait for approval (hook time limit ${ctx.timeoutS} s)\nfail closed: ${host.failClosed}\n`,
  );
  for (const note of host.notes(ctx)) process.stdout.write(`note: ${note}\n`);
  try {
    resolveClientConfig('agent', process.env);
  } catch {
    process.stdout.write(
      `next: give the hook a server and an agent token: expacti login --url URL --token AGENT_TOKEN (or set EXPACTI_URL and EXPACTI_TOKEN where ${host.title} runs)\n`,
    );
  }
  return 0;
}

function apply(file: PlannedFile): void {
  if (file.change === 'unchanged' || file.change === 'absent') return;
  if (file.content === null) {
    rmSync(file.path, { force: true });
    removeEmptyParents(dirname(file.path));
    return;
  }
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.expacti-${process.pid}.tmp`;
  writeFileSync(tmp, file.content, file.mode !== undefined ? { mode: file.mode } : {});
  if (file.mode !== undefined) chmodSync(tmp, file.mode);
  renameSync(tmp, file.path);
}

/** Folders an uninstall left empty go too, up to two levels (a plugin folder and its hooks/). */
function removeEmptyParents(dir: string): void {
  for (let i = 0, d = dir; i < 2; i++, d = dirname(d)) {
    try {
      if (readdirSync(d).length > 0) return;
      rmdirSync(d);
    } catch {
      return;
    }
  }
}
