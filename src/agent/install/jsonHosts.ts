/**
 * Hosts whose hooks live in a JSON file that other tools share: Gemini CLI, Codex CLI, Cursor and
 * GitHub Copilot. Our entries are merged in beside everything else and taken out again exactly
 * (hookConfig.ts). Where each file lives and what each field means: docs/integrations/<host>.md.
 */
import { join } from 'node:path';
import {
  existingTimeout,
  findOurs,
  hasOurs,
  isObject,
  isOurs,
  mergeFlat,
  mergeGrouped,
  ourCommand,
  removeOurs,
} from './hookConfig.js';
import {
  BLOCKING_TAIL,
  FAILED_TO_RUN,
  gateCommand,
  observerCommand,
  parseJson,
  planJson,
  type HostInstaller,
  type InstallContext,
  type PlannedFile,
} from './types.js';

/** Seconds the read observers get (they answer within 8). */
const OBSERVER_TIMEOUT_S = 30;

interface JsonHostSpec {
  name: string;
  title: string;
  path(ctx: InstallContext): string;
  /** Field holding an entry's command, and its time limit (with the unit's scale: ms = 1000). */
  commandKey: string;
  timeoutKey: string;
  timeoutScale: number;
  /** Adds our entries to the parsed file. */
  add(config: unknown, ctx: InstallContext, timeout: number): Record<string, unknown>;
  /** Keys we add at the top of a file we create, taken out again if nothing else is left. */
  skeleton?: Record<string, unknown>;
  failClosed: string;
  notes(ctx: InstallContext): string[];
  detect: HostInstaller['detect'];
  observe: boolean;
  /** Why our (gate) entry would not block when it fails, or null. */
  failOpen(entry: Record<string, unknown>): string | null;
}

const tailMissing = (entry: Record<string, unknown>): string | null =>
  BLOCKING_TAIL.test(String(entry['command'] ?? ''))
    ? null
    : 'its command lost the `|| … exit 2` tail, so the host runs the command when expacti cannot start';

function jsonHost(spec: JsonHostSpec): HostInstaller {
  const gate = (e: unknown) => isOurs(e, ourCommand(spec.name, false), spec.commandKey);
  const anyOurs = (e: unknown) => gate(e) || isOurs(e, ourCommand(spec.name, true), spec.commandKey);
  const load = (ctx: InstallContext) => {
    const path = spec.path(ctx);
    const text = ctx.read(path);
    return { path, text, config: parseJson(path, text) };
  };
  return {
    name: spec.name,
    title: spec.title,
    scopes: ['project', 'user'],
    where: spec.path,
    fixedTimeoutS: null,
    currentTimeoutS(ctx) {
      const t = existingTimeout(load(ctx).config, gate, spec.timeoutKey);
      return t === undefined ? undefined : t / spec.timeoutScale;
    },
    install(ctx): PlannedFile[] {
      const { path, text, config } = load(ctx);
      const base = text === null && spec.skeleton ? { ...spec.skeleton } : config;
      if (!isObject(base)) throw new Error(`${path} is not a JSON object; fix it first, nothing was changed`);
      return [planJson(path, text, spec.add(base, ctx, ctx.timeoutS * spec.timeoutScale))];
    },
    uninstall(ctx): PlannedFile[] {
      const { path, text, config } = load(ctx);
      if (text === null) return [planJson(path, null, null)];
      const next = removeOurs(config, anyOurs);
      const left = Object.keys(next).filter((k) => !(spec.skeleton && k in spec.skeleton));
      if (left.length === 0 && next !== config) return [planJson(path, text, null)];
      return [planJson(path, text, next)];
    },
    failClosed: spec.failClosed,
    notes: spec.notes,
    detect: spec.detect,
    configured(ctx) {
      try {
        return hasOurs(load(ctx).config, gate);
      } catch {
        return false;
      }
    },
    failOpen(ctx) {
      let entry: Record<string, unknown> | undefined;
      try {
        entry = findOurs(load(ctx).config, gate);
      } catch (error) {
        return (error as Error).message;
      }
      return entry ? spec.failOpen(entry) : 'the expacti entry is gone';
    },
  };
}

const home = (ctx: InstallContext, ...parts: string[]) => join(ctx.home, ...parts);

/** Gemini CLI's tools whose results the read observer records (issue 25). */
const GEMINI_OBSERVED =
  '^(read_file|read_many_files|web_fetch|google_web_search|web_search|search_file_content|grep|run_shell_command|mcp__.*)$';

export const geminiInstaller = jsonHost({
  name: 'gemini',
  title: 'Gemini CLI',
  path: (ctx) =>
    ctx.scope === 'user' ? home(ctx, '.gemini', 'settings.json') : join(ctx.cwd, '.gemini', 'settings.json'),
  commandKey: 'command',
  timeoutKey: 'timeout',
  timeoutScale: 1000,
  add(config, ctx, timeout) {
    const gate = (e: unknown) => isOurs(e, ourCommand('gemini', false));
    const observer = (e: unknown) => isOurs(e, ourCommand('gemini', true));
    const withGate = mergeGrouped(
      config,
      'BeforeTool',
      '^run_shell_command$',
      {
        name: 'expacti',
        type: 'command',
        command: gateCommand(ctx.expacti, 'gemini', ctx.timeoutS),
        timeout,
        description: 'expacti: every shell command waits for approval',
      },
      gate,
    );
    return mergeGrouped(
      withGate,
      'AfterTool',
      GEMINI_OBSERVED,
      {
        name: 'expacti-observe',
        type: 'command',
        command: observerCommand(ctx.expacti, 'gemini'),
        timeout: OBSERVER_TIMEOUT_S * 1000,
        description: 'expacti: records what the agent read (never blocks)',
      },
      observer,
    );
  },
  failClosed:
    'Gemini CLI has no fail-closed switch: the hook answers deny on every error of its own, and the entry exits 2 (block) when it cannot start',
  notes: (ctx) => [
    'Gemini CLI runs hooks only where they are enabled: on a release where they are not on by default, set "hooksConfig": {"enabled": true} (older releases: "tools": {"enableHooks": true}) in the same settings file.',
    ...(ctx.scope === 'project'
      ? [
          'Gemini CLI skips project hooks in a folder it does not trust (and then runs commands ungated): trust this folder, or use --user.',
        ]
      : []),
  ],
  detect: { programs: ['gemini'], dirs: (h, cwd) => [join(h, '.gemini'), join(cwd, '.gemini')] },
  observe: true,
  failOpen: tailMissing,
});

export const codexInstaller = jsonHost({
  name: 'codex',
  title: 'Codex CLI',
  path: (ctx) =>
    ctx.scope === 'user'
      ? join(ctx.env['CODEX_HOME'] || home(ctx, '.codex'), 'hooks.json')
      : join(ctx.cwd, '.codex', 'hooks.json'),
  commandKey: 'command',
  timeoutKey: 'timeout',
  timeoutScale: 1,
  add: (config, ctx, timeout) =>
    mergeGrouped(
      config,
      'PreToolUse',
      'Bash',
      {
        type: 'command',
        command: gateCommand(ctx.expacti, 'codex', ctx.timeoutS),
        timeout,
        statusMessage: 'expacti: waiting for approval',
      },
      (e) => isOurs(e, ourCommand('codex', false)),
    ),
  failClosed:
    'Codex CLI has no fail-closed switch: the hook answers deny on every error of its own, and the entry exits 2 (block) when it cannot start',
  notes: () => [
    'Codex CLI runs a new or changed hook only after you trust it: open /hooks in codex and trust the expacti hook (until then Codex skips it and runs commands ungated).',
  ],
  detect: {
    programs: ['codex'],
    dirs: (h, cwd, env) => [env['CODEX_HOME'] || join(h, '.codex'), join(cwd, '.codex')],
  },
  observe: false,
  failOpen: tailMissing,
});

export const cursorInstaller = jsonHost({
  name: 'cursor',
  title: 'Cursor',
  path: (ctx) =>
    ctx.scope === 'user' ? home(ctx, '.cursor', 'hooks.json') : join(ctx.cwd, '.cursor', 'hooks.json'),
  commandKey: 'command',
  timeoutKey: 'timeout',
  timeoutScale: 1,
  skeleton: { version: 1 },
  add(config, ctx, timeout) {
    const gate = (e: unknown) => isOurs(e, ourCommand('cursor', false));
    const observer = (e: unknown) => isOurs(e, ourCommand('cursor', true));
    let next = mergeFlat(
      config,
      'beforeShellExecution',
      {
        command: gateCommand(ctx.expacti, 'cursor', ctx.timeoutS),
        timeout,
        failClosed: true,
      },
      gate,
    );
    for (const event of ['beforeReadFile', 'afterShellExecution', 'afterMCPExecution'])
      next = mergeFlat(
        next,
        event,
        { command: observerCommand(ctx.expacti, 'cursor'), timeout: OBSERVER_TIMEOUT_S },
        observer,
      );
    return isObject(config) && config['version'] === undefined ? { version: 1, ...next } : next;
  },
  failClosed:
    '"failClosed": true on the beforeShellExecution entry (a hook that crashes or times out blocks)',
  notes: () => [],
  detect: {
    programs: ['cursor', 'cursor-agent'],
    dirs: (h, cwd) => [join(h, '.cursor'), join(cwd, '.cursor')],
  },
  observe: true,
  failOpen: (entry) =>
    entry['failClosed'] === true
      ? null
      : 'its entry lost "failClosed": true, so Cursor runs the command when the hook fails or times out',
});

export const copilotInstaller = jsonHost({
  name: 'copilot',
  title: 'GitHub Copilot',
  path: (ctx) =>
    ctx.scope === 'user'
      ? home(ctx, '.copilot', 'hooks', 'expacti.json')
      : join(ctx.cwd, '.github', 'hooks', 'expacti.json'),
  commandKey: 'bash',
  timeoutKey: 'timeoutSec',
  timeoutScale: 1,
  skeleton: { version: 1 },
  add(config, ctx, timeout) {
    // Copilot runs the tool when a hook fails (any non-zero exit): the fallback answers deny on stdout.
    const deny = JSON.stringify({
      permissionDecision: 'deny',
      permissionDecisionReason: FAILED_TO_RUN('copilot'),
    });
    const next = mergeFlat(
      config,
      'preToolUse',
      {
        type: 'command',
        bash: `${ctx.expacti} hook copilot --timeout ${ctx.timeoutS} || printf '%s\\n' '${deny}'`,
        timeoutSec: timeout,
      },
      (e) => isOurs(e, ourCommand('copilot', false), 'bash'),
    );
    return isObject(config) && config['version'] === undefined ? { version: 1, ...next } : next;
  },
  failClosed:
    'Copilot has no fail-closed switch (a failed hook is logged and skipped): the hook answers deny on every error of its own, and the entry prints a deny when it cannot start',
  notes: (ctx) =>
    ctx.scope === 'project'
      ? [
          'The Copilot cloud agent reads .github/hooks/ from the default branch: commit the file there, and give its environment EXPACTI_URL and EXPACTI_TOKEN (it must reach your expacti server).',
        ]
      : [],
  detect: {
    programs: ['copilot'],
    dirs: (h, cwd) => [join(h, '.copilot'), join(cwd, '.github', 'hooks')],
  },
  observe: false,
  failOpen: (entry) =>
    /\|\|\s*printf .*"permissionDecision":"deny"/.test(String(entry['bash'] ?? ''))
      ? null
      : 'its entry lost the fallback that prints a deny, so Copilot runs the command when expacti cannot start',
});
