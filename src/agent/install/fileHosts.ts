/**
 * Hosts whose hooks are files of their own — a Cline hook script, a Goose plugin, an OpenCode
 * plugin: init writes files that are wholly expacti's (each says so on its first lines) and
 * `--uninstall` removes exactly those. A file of the same name that is not ours is never touched.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findOurs, isOurs, ourCommand } from './hookConfig.js';
import {
  FAILED_TO_RUN,
  gateCommand,
  type HostInstaller,
  type InstallContext,
  type PlannedFile,
} from './types.js';

const MARK = 'expacti: the approval gate';

const marked = (text: string) => text.includes(MARK);

function own(
  path: string,
  before: string | null,
  content: string,
  mode?: number,
  ours: (text: string) => boolean = marked,
): PlannedFile {
  if (before !== null && !ours(before))
    throw new Error(
      `${path} exists and was not written by expacti; nothing was changed (merge it by hand: docs/integrations/)`,
    );
  return {
    path,
    content,
    ...(mode !== undefined ? { mode } : {}),
    change: before === null ? 'created' : before === content ? 'unchanged' : 'updated',
  };
}

function drop(path: string, before: string | null, ours: (text: string) => boolean = marked): PlannedFile {
  if (before === null) return { path, content: null, change: 'absent' };
  if (!ours(before)) throw new Error(`${path} was not written by expacti; nothing was removed`);
  return { path, content: null, change: 'removed' };
}

const timeoutIn = (text: string | null): number | undefined => {
  const m = /--timeout (\d+)/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
};

// ── Cline ────────────────────────────────────────────────────────────────────────────────────────

const clinePath = (ctx: InstallContext) =>
  ctx.scope === 'user'
    ? join(ctx.home, 'Documents', 'Cline', 'Hooks', 'PreToolUse')
    : join(ctx.cwd, '.clinerules', 'hooks', 'PreToolUse');

/** Cline gives every hook 30 s, not configurable: the gate answers in time (a ticket when it must). */
const CLINE_TIMEOUT_S = 30;

export const clineInstaller: HostInstaller = {
  name: 'cline',
  title: 'Cline',
  scopes: ['project', 'user'],
  where: clinePath,
  fixedTimeoutS: CLINE_TIMEOUT_S,
  currentTimeoutS: () => undefined,
  install(ctx) {
    const path = clinePath(ctx);
    const cancel = JSON.stringify({ cancel: true, errorMessage: FAILED_TO_RUN('cline') });
    const script = [
      '#!/bin/sh',
      `# ${MARK} for Cline: every execute_command waits for approval.`,
      '# Written by `expacti init cline`; `expacti init cline --uninstall` removes it.',
      `${ctx.expacti} hook cline --timeout ${CLINE_TIMEOUT_S} && exit 0`,
      `printf '%s\\n' '${cancel}'`,
      '',
    ].join('\n');
    return [own(path, ctx.read(path), script, 0o755)];
  },
  uninstall: (ctx) => [drop(clinePath(ctx), ctx.read(clinePath(ctx)))],
  failClosed:
    'Cline has no fail-closed switch: the hook answers within its 30 s and denies on every error of its own, and the script prints a cancel when expacti cannot start',
  notes: () => [
    'Turn hooks on in Cline (Settings → Features → Enable Hooks): until then Cline runs commands ungated.',
    'Cline gives a hook 30 s: a command no reviewer has decided by then is answered "not yet" (an approval ticket); the model runs it again to pick up the decision.',
  ],
  detect: {
    programs: ['cline'],
    dirs: (h, cwd) => [join(h, 'Documents', 'Cline'), join(cwd, '.clinerules')],
  },
  configured: (ctx) => (ctx.read(clinePath(ctx)) ?? '').includes(MARK),
  failOpen: (ctx) =>
    /^printf .*"cancel":true/m.test(ctx.read(clinePath(ctx)) ?? '')
      ? null
      : 'the script lost the line that prints a cancel, so Cline may run the command when expacti cannot start',
};

// ── Goose ────────────────────────────────────────────────────────────────────────────────────────

const goosePlugin = (ctx: InstallContext) =>
  ctx.scope === 'user'
    ? join(ctx.home, '.agents', 'plugins', 'expacti')
    : join(ctx.cwd, '.agents', 'plugins', 'expacti');

const gooseHooks = (text: string) => ourCommand('goose', false).test(text);

export const gooseInstaller: HostInstaller = {
  name: 'goose',
  title: 'Goose',
  scopes: ['project', 'user'],
  where: goosePlugin,
  fixedTimeoutS: null,
  currentTimeoutS: (ctx) => timeoutIn(ctx.read(join(goosePlugin(ctx), 'hooks', 'hooks.json'))),
  install(ctx) {
    const dir = goosePlugin(ctx);
    const manifest = {
      name: 'expacti',
      version: '1.0.0',
      description: `${MARK}: every shell command waits for approval (expacti init goose; --uninstall removes it)`,
    };
    const hooks = {
      hooks: {
        PreToolUse: [
          {
            matcher: '^(developer__shell|shell)$',
            hooks: [
              {
                type: 'command',
                command: gateCommand(ctx.expacti, 'goose', ctx.timeoutS),
                timeout: ctx.timeoutS,
                on_failure: 'block',
              },
            ],
          },
        ],
      },
    };
    const manifestPath = join(dir, 'plugin.json');
    const hooksPath = join(dir, 'hooks', 'hooks.json');
    return [
      own(manifestPath, ctx.read(manifestPath), JSON.stringify(manifest, null, 2) + '\n'),
      own(hooksPath, ctx.read(hooksPath), JSON.stringify(hooks, null, 2) + '\n', undefined, gooseHooks),
    ];
  },
  uninstall(ctx) {
    const dir = goosePlugin(ctx);
    const hooksPath = join(dir, 'hooks', 'hooks.json');
    const manifestPath = join(dir, 'plugin.json');
    return [drop(hooksPath, ctx.read(hooksPath), gooseHooks), drop(manifestPath, ctx.read(manifestPath))];
  },
  failClosed: '"on_failure": "block" on the PreToolUse action (a hook that fails or times out blocks)',
  notes: () => [],
  detect: {
    programs: ['goose'],
    dirs: (h, cwd) => [
      join(h, '.config', 'goose'),
      join(h, '.agents', 'plugins'),
      join(cwd, '.agents', 'plugins'),
    ],
  },
  configured: (ctx) =>
    ourCommand('goose', false).test(ctx.read(join(goosePlugin(ctx), 'hooks', 'hooks.json')) ?? ''),
  failOpen(ctx) {
    const path = join(goosePlugin(ctx), 'hooks', 'hooks.json');
    let entry: Record<string, unknown> | undefined;
    try {
      entry = findOurs(JSON.parse(ctx.read(path) ?? '{}'), (e) => isOurs(e, ourCommand('goose', false)));
    } catch {
      return `${path} is not valid JSON: Goose cannot load the plugin's hooks`;
    }
    if (!entry) return 'the expacti entry is gone';
    return entry['on_failure'] === 'block'
      ? null
      : 'its entry lost "on_failure": "block", so Goose ignores a hook that fails or times out';
  },
};

// ── OpenCode ─────────────────────────────────────────────────────────────────────────────────────

const opencodePath = (ctx: InstallContext) =>
  ctx.scope === 'user'
    ? join(ctx.env['XDG_CONFIG_HOME'] || join(ctx.home, '.config'), 'opencode', 'plugins', 'expacti.js')
    : join(ctx.cwd, '.opencode', 'plugins', 'expacti.js');

export interface OpencodeInstallOptions {
  /** The SDK entry of this installation (dist/index.js), imported by the plugin. */
  sdkEntry: string;
}

export function opencodeInstaller(options: OpencodeInstallOptions): HostInstaller {
  return {
    name: 'opencode',
    title: 'OpenCode',
    scopes: ['project', 'user'],
    where: opencodePath,
    fixedTimeoutS: null,
    currentTimeoutS: () => undefined,
    install(ctx) {
      const path = opencodePath(ctx);
      const plugin = [
        `// ${MARK} for OpenCode: every bash command waits for approval; a denial reaches the model.`,
        '// Written by `expacti init opencode`; `expacti init opencode --uninstall` removes it.',
        `import { opencodePlugin } from ${JSON.stringify(pathToFileURL(options.sdkEntry).href)};`,
        '',
        `export const Expacti = opencodePlugin({ expacti: ${JSON.stringify(ctx.expacti)} });`,
        '',
      ].join('\n');
      return [own(path, ctx.read(path), plugin)];
    },
    uninstall: (ctx) => [drop(opencodePath(ctx), ctx.read(opencodePath(ctx)))],
    failClosed:
      'OpenCode blocks a tool call when a plugin throws: the plugin throws on a denial and on every error (no time limit to run out)',
    notes: () => [],
    detect: {
      programs: ['opencode'],
      dirs: (h, cwd, env) => [
        join(env['XDG_CONFIG_HOME'] || join(h, '.config'), 'opencode'),
        join(cwd, '.opencode'),
      ],
    },
    configured: (ctx) => (ctx.read(opencodePath(ctx)) ?? '').includes(MARK),
    // OpenCode blocks a tool call whose plugin throws, and a plugin that cannot load gates nothing:
    // the plugin file itself is what `configured` checks.
    failOpen: () => null,
  };
}
