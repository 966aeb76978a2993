/**
 * Kimi Code CLI keeps its hooks as `[[hooks]]` tables in ~/.kimi-code/config.toml beside the rest of
 * its settings. expacti's table sits between two marker comments: init appends it (or replaces it in
 * place), `--uninstall` removes exactly those lines, and nothing else in the file is touched. A file
 * that declares `hooks = […]` inline cannot take an appended table: init refuses and says so.
 */
import { join } from 'node:path';
import {
  BLOCKING_TAIL,
  gateCommand,
  type HostInstaller,
  type InstallContext,
  type PlannedFile,
} from './types.js';

const BEGIN = '# >>> expacti: the approval gate (expacti init kimi; --uninstall removes it) >>>';
const END = '# <<< expacti <<<';
/** Kimi Code accepts hook timeouts of 1–600 s; a reviewer slower than that gets an approval ticket. */
const KIMI_MAX_TIMEOUT_S = 600;

const kimiPath = (ctx: InstallContext) => join(ctx.home, '.kimi-code', 'config.toml');

/** The text before, inside and after our block (null: no block). */
function split(text: string): { before: string; block: string; after: string } | null {
  const start = text.indexOf(BEGIN);
  if (start < 0) return null;
  const end = text.indexOf(END, start);
  if (end < 0)
    throw new Error(`${BEGIN} has no closing ${END} line; fix the file by hand, nothing was changed`);
  const stop = end + END.length + (text[end + END.length] === '\n' ? 1 : 0);
  return { before: text.slice(0, start), block: text.slice(start, stop), after: text.slice(stop) };
}

function block(ctx: InstallContext): string {
  const timeout = Math.min(ctx.timeoutS, KIMI_MAX_TIMEOUT_S);
  return [
    BEGIN,
    '[[hooks]]',
    'event = "PreToolUse"',
    'matcher = "^Bash$"',
    // A TOML basic string: JSON's escapes are TOML's.
    `command = ${JSON.stringify(gateCommand(ctx.expacti, 'kimi', timeout))}`,
    `timeout = ${timeout}`,
    'fail_mode = "closed"',
    END,
    '',
  ].join('\n');
}

export const kimiInstaller: HostInstaller = {
  name: 'kimi',
  title: 'Kimi Code',
  scopes: ['user'],
  where: kimiPath,
  fixedTimeoutS: null,
  currentTimeoutS(ctx) {
    const ours = split(ctx.read(kimiPath(ctx)) ?? '');
    const m = ours ? /^timeout = (\d+)$/m.exec(ours.block) : null;
    return m ? Number(m[1]) : undefined;
  },
  install(ctx): PlannedFile[] {
    const path = kimiPath(ctx);
    const before = ctx.read(path);
    const text = before ?? '';
    const ours = split(text);
    let content: string;
    if (ours) content = ours.before + block(ctx) + ours.after;
    else {
      if (/^\s*hooks\s*=/m.test(text))
        throw new Error(
          `${path} declares "hooks = [...]" inline, which cannot take another [[hooks]] table; add expacti's hook there by hand (docs/integrations/kimi.md), nothing was changed`,
        );
      const sep = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
      content = text + sep + block(ctx);
    }
    return [
      {
        path,
        content,
        change: before === null ? 'created' : before === content ? 'unchanged' : 'updated',
      },
    ];
  },
  uninstall(ctx): PlannedFile[] {
    const path = kimiPath(ctx);
    const before = ctx.read(path);
    const ours = before === null ? null : split(before);
    if (before === null || !ours)
      return [{ path, content: before, change: before === null ? 'absent' : 'unchanged' }];
    const rest = ours.before.replace(/\n\n$/, '\n') + ours.after;
    if (rest.trim() === '') return [{ path, content: null, change: 'removed' }];
    return [{ path, content: rest, change: 'updated' }];
  },
  failClosed: 'fail_mode = "closed" on the [[hooks]] entry (a hook that fails, crashes or times out blocks)',
  notes: () => [
    `Kimi Code reads hooks from ~/.kimi-code/config.toml only, for every project, and gives a hook at most ${KIMI_MAX_TIMEOUT_S} s: a command no reviewer has decided by then is answered "not yet" (an approval ticket); the model runs it again to pick up the decision.`,
    'fail_mode needs a Kimi Code release that documents it; an older one refuses the whole config file (Kimi Code then does not start), it never runs the hook fail-open.',
  ],
  detect: {
    programs: ['kimi', 'kimi-code'],
    dirs: (h) => [join(h, '.kimi-code')],
  },
  configured: (ctx) => split(ctx.read(kimiPath(ctx)) ?? '') !== null,
  failOpen(ctx) {
    const ours = split(ctx.read(kimiPath(ctx)) ?? '');
    if (!ours) return 'the expacti table is gone';
    if (!/^fail_mode = "closed"$/m.test(ours.block))
      return 'its table lost fail_mode = "closed", so Kimi Code runs the command when the hook fails or times out';
    const m = /^command = (".*")$/m.exec(ours.block);
    let command = '';
    try {
      command = m?.[1] ? (JSON.parse(m[1]) as string) : '';
    } catch {
      command = '';
    }
    return BLOCKING_TAIL.test(command)
      ? null
      : 'its command lost the `|| … exit 2` tail, so Kimi Code runs the command when expacti cannot start';
  },
};
