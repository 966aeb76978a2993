/**
 * `expacti init HOST`: puts the expacti hook into an agent host's configuration, one command per
 * host (issue 20) — Claude Code (initClaude.ts) and the hosts in agent/install/ (initHost.ts).
 * `expacti init --detect` (or `init detect`) lists the hosts found on this machine and whether the
 * hook is set up for them.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { quoteWord } from '../protocol/commandText.js';
import { defineCommand, parseCommand, pickSubcommand, type CommandSpec, type GroupSpec } from './args.js';
import { claudeSpec, main as initClaude, orgApprovalTimeout, settingsPath } from './initClaude.js';
import { hostInitSpec, initHost } from './initHost.js';
import { installers, INSTALL_HOSTS } from '../agent/install/index.js';
import type { InstallContext } from '../agent/install/types.js';
import { isExpactiHook } from '../agent/claudeSettings.js';
import { hasOurs } from '../agent/install/hookConfig.js';

/** This very installation, by absolute path (a host's PATH may differ from your shell's). */
function selfPaths(): { expacti: string; sdkEntry: string } {
  const bin = realpathSync(process.argv[1] as string);
  return {
    expacti: `${quoteWord(process.execPath)} ${quoteWord(bin)}`,
    sdkEntry: join(dirname(bin), '..', 'dist', 'index.js'),
  };
}

const HOSTS = installers(join(process.cwd(), 'dist', 'index.js'));

export const detectSpec = defineCommand({
  name: 'init detect',
  summary: 'list the agent hosts installed or configured here, and where the expacti hook is set up',
  usage: ['init detect', 'init --detect'],
  options: {},
  examples: ['expacti init --detect'],
});

export const spec: GroupSpec = {
  name: 'init',
  summary: 'add the expacti hook to an agent host (Claude Code, Gemini CLI, Codex, Cursor, Copilot, …)',
  details:
    'One command per host; each merges into the existing configuration, changes nothing on a second run, and ' +
    '--uninstall removes exactly what it added. `expacti init --detect` lists the hosts found here.',
  subcommands: {
    claude: claudeSpec,
    ...Object.fromEntries(INSTALL_HOSTS.map((h) => [h, hostInitSpec(HOSTS[h] as (typeof HOSTS)[string])])),
    detect: detectSpec,
  } as Record<string, CommandSpec>,
  examples: [
    'expacti init claude',
    'expacti init gemini --user',
    'expacti init --detect',
    'expacti init cursor --uninstall',
  ],
};

export async function main(args: string[]): Promise<number> {
  const words = args[0] === '--detect' ? ['detect', ...args.slice(1)] : args;
  const sub = pickSubcommand(spec, words);
  if ('exit' in sub) return sub.exit;
  if (sub.name === 'claude') return initClaude(sub.rest);
  if (sub.name === 'detect') {
    const parsed = parseCommand(detectSpec, sub.rest);
    if ('exit' in parsed) return parsed.exit;
    return detect();
  }
  const self = selfPaths();
  const host = installers(self.sdkEntry)[sub.name];
  if (!host) return 64;
  return initHost(host, sub.rest, { expacti: self.expacti, orgTimeout: orgApprovalTimeout });
}

export function onPath(program: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** What `init --detect` prints: one line per host, then how to set up the ones without the hook. */
function detect(): number {
  const env = process.env;
  const cwd = process.cwd();
  const home = env['HOME'] || homedir();
  const read = (path: string): string | null => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const rows: string[] = [];
  const todo: string[] = [];
  // Claude Code first: its own settings files.
  {
    const found = onPath('claude', env) ?? (existsSync(join(home, '.claude')) ? join(home, '.claude') : null);
    const where = (['project', 'local', 'user'] as const)
      .map((s) => settingsPath(s, env, cwd))
      .filter((p) => {
        try {
          return hasOurs(JSON.parse(read(p) ?? '{}'), isExpactiHook);
        } catch {
          return false;
        }
      });
    rows.push(line('claude', 'Claude Code', found, where));
    if (found && where.length === 0) todo.push('expacti init claude');
  }
  for (const name of INSTALL_HOSTS) {
    const host = HOSTS[name];
    if (!host) continue;
    const program = host.detect.programs.map((p) => onPath(p, env)).find(Boolean) ?? null;
    const dir = host.detect.dirs(home, cwd, env).find((d) => existsSync(d)) ?? null;
    const where = host.scopes
      .map((scope) => ({
        scope,
        ctx: { scope, cwd, home, env, expacti: '', timeoutS: 0, read } as InstallContext,
      }))
      .filter(({ ctx }) => host.configured(ctx))
      .map(({ ctx }) => host.where(ctx));
    rows.push(line(name, host.title, program ?? dir, where));
    if ((program ?? dir) && where.length === 0) todo.push(`expacti init ${name}`);
  }
  process.stdout.write(rows.join('\n') + '\n');
  if (todo.length) process.stdout.write(`\nto gate the hosts found here: ${todo.join('; ')}\n`);
  return 0;
}

function line(name: string, title: string, found: string | null, where: string[]): string {
  const state = where.length
    ? `hook set up in ${[...new Set(where)].join(', ')}`
    : found
      ? 'no expacti hook'
      : '—';
  return `${name.padEnd(9)} ${title.padEnd(15)} ${(found ? `found (${found})` : 'not found').padEnd(40)} ${state}`;
}
