/**
 * Adding the expacti PreToolUse hook to a Claude Code settings.json object: keeps every other
 * setting and hook, replaces an earlier expacti hook instead of adding a second one. Pure data.
 */
export interface HookSpec {
  /** The full hook command line. */
  command: string;
  /** Seconds, above the org's approval timeout. */
  timeout: number;
}

export type MergeChange = 'added' | 'updated' | 'unchanged';

type Json = Record<string, unknown>;

const OURS = /expacti\S*\s+hook\s+claude(\s|$)/;

export function isExpactiHook(hook: unknown): boolean {
  return isObject(hook) && typeof hook['command'] === 'string' && OURS.test(hook['command']);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws an Error naming the part of the file that is not what Claude Code expects. */
export function mergeClaudeHook(settings: unknown, spec: HookSpec): { settings: Json; change: MergeChange } {
  // Claude Code 2.1.295+: a hook that cannot start, times out or exits oddly blocks (older ones ignore it).
  return mergeGroup(settings, 'PreToolUse', 'Bash', spec, isExpactiGate, { onFailure: 'block' });
}

/** Tools whose results the read observer records (issue 25): files, the web, search, MCP tools, shell output. */
export const OBSERVED_TOOLS = 'Read|WebFetch|WebSearch|Grep|Bash|mcp__.*';

const OBSERVER = /expacti\S*\s+hook\s+claude\s+--observe(\s|$)/;

export function isExpactiObserver(hook: unknown): boolean {
  return isObject(hook) && typeof hook['command'] === 'string' && OBSERVER.test(hook['command']);
}

function isExpactiGate(hook: unknown): boolean {
  return isExpactiHook(hook) && !isExpactiObserver(hook);
}

/** Adds (or updates) the PostToolUse read observer beside the gate. */
export function mergeClaudeObserver(
  settings: unknown,
  spec: HookSpec,
): { settings: Json; change: MergeChange } {
  return mergeGroup(settings, 'PostToolUse', OBSERVED_TOOLS, spec, isExpactiObserver);
}

function mergeGroup(
  settings: unknown,
  event: string,
  matcher: string,
  spec: HookSpec,
  ours: (hook: unknown) => boolean,
  extra: Json = {},
): { settings: Json; change: MergeChange } {
  if (!isObject(settings)) throw new Error('the settings file is not a JSON object');
  const hooks = settings['hooks'] ?? {};
  if (!isObject(hooks)) throw new Error('"hooks" is not an object');
  const groups = hooks[event] ?? [];
  if (!Array.isArray(groups)) throw new Error(`"hooks.${event}" is not an array`);

  let found = false;
  let at = -1;
  let earlier: Json = {};
  const kept: unknown[] = [];
  for (const group of groups) {
    if (isObject(group) && Array.isArray(group['hooks']) && group['hooks'].some(ours)) {
      if (!found) earlier = (group['hooks'] as Json[]).find(ours) ?? {};
      found = true;
      if (at < 0) at = kept.length;
      const rest = (group['hooks'] as unknown[]).filter((h) => !ours(h));
      if (rest.length > 0) kept.push({ ...group, hooks: rest });
    } else kept.push(group);
  }
  // Fields the user added to our entry (e.g. "onFailure": "block") stay.
  const entry = {
    matcher,
    hooks: [{ ...earlier, type: 'command', command: spec.command, timeout: spec.timeout, ...extra }],
  };
  kept.splice(at < 0 ? kept.length : at, 0, entry);
  const next: Json = { ...settings, hooks: { ...hooks, [event]: kept } };
  const change: MergeChange = !found
    ? 'added'
    : JSON.stringify(next) === JSON.stringify(settings)
      ? 'unchanged'
      : 'updated';
  return { settings: next, change };
}

/** The hook's time limit: above the org's approval timeout, and never under 10 minutes. */
export function hookTimeoutFor(approvalTimeoutSeconds: number | undefined): number {
  return Math.max(600, (approvalTimeoutSeconds ?? 0) + 30);
}

/** The time limit of an expacti hook already in these settings, if any. */
export function existingHookTimeout(settings: unknown): number | undefined {
  if (!isObject(settings) || !isObject(settings['hooks'])) return undefined;
  const groups = settings['hooks']['PreToolUse'];
  if (!Array.isArray(groups)) return undefined;
  for (const group of groups) {
    if (!isObject(group) || !Array.isArray(group['hooks'])) continue;
    const ours = (group['hooks'] as unknown[]).find(isExpactiGate);
    if (isObject(ours) && typeof ours['timeout'] === 'number') return ours['timeout'];
  }
  return undefined;
}
