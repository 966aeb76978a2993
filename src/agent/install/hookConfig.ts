/**
 * Adding expacti's hook entries to a host's JSON hook configuration, and taking them out again:
 * every other key, hook and group is kept; a second run changes nothing; an earlier expacti entry
 * is replaced in place (keeping fields the user added to it) instead of doubled. Pure data.
 *
 * Two shapes cover the hosts: Claude's "grouped" one (event → [{matcher, hooks: [entry…]}]: Claude
 * Code, Gemini CLI, Codex CLI, Goose) and a "flat" one (event → [entry…]: Cursor, Copilot).
 */
type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `expacti … hook HOST` (the gate) or `expacti … hook HOST --observe` (the read observer). */
export function ourCommand(host: string, observe: boolean): RegExp {
  return observe
    ? new RegExp(`expacti\\S*\\s+hook\\s+${host}\\s+--observe(\\s|$)`)
    : new RegExp(`expacti\\S*\\s+hook\\s+${host}(?!\\S)(?!\\s+--observe)`);
}

export function isOurs(entry: unknown, pattern: RegExp, commandKey = 'command'): boolean {
  return isObject(entry) && typeof entry[commandKey] === 'string' && pattern.test(entry[commandKey]);
}

function hooksOf(config: unknown): { root: Json; hooks: Json } {
  if (!isObject(config)) throw new Error('the file is not a JSON object');
  const hooks = config['hooks'] ?? {};
  if (!isObject(hooks)) throw new Error('"hooks" is not an object');
  return { root: config, hooks };
}

function listOf(hooks: Json, event: string): unknown[] {
  const list = hooks[event] ?? [];
  if (!Array.isArray(list)) throw new Error(`"hooks.${event}" is not an array`);
  return list;
}

/** Adds (or replaces) our entry in its own group under `event`. */
export function mergeGrouped(
  config: unknown,
  event: string,
  matcher: string | undefined,
  entry: Json,
  ours: (e: unknown) => boolean,
): Json {
  const { root, hooks } = hooksOf(config);
  let at = -1;
  let earlier: Json = {};
  const kept: unknown[] = [];
  for (const group of listOf(hooks, event)) {
    if (isObject(group) && Array.isArray(group['hooks']) && group['hooks'].some(ours)) {
      if (at < 0) {
        at = kept.length;
        earlier = ((group['hooks'] as unknown[]).find(ours) as Json | undefined) ?? {};
      }
      const rest = (group['hooks'] as unknown[]).filter((h) => !ours(h));
      if (rest.length > 0) kept.push({ ...group, hooks: rest });
    } else kept.push(group);
  }
  const group = { ...(matcher !== undefined ? { matcher } : {}), hooks: [{ ...earlier, ...entry }] };
  kept.splice(at < 0 ? kept.length : at, 0, group);
  return { ...root, hooks: { ...hooks, [event]: kept } };
}

/** Adds (or replaces) our entry in the flat list under `event`. */
export function mergeFlat(config: unknown, event: string, entry: Json, ours: (e: unknown) => boolean): Json {
  const { root, hooks } = hooksOf(config);
  const list = listOf(hooks, event);
  const at = list.findIndex(ours);
  const earlier = at >= 0 ? (list[at] as Json) : {};
  const kept = list.filter((e) => !ours(e));
  kept.splice(at < 0 ? kept.length : at, 0, { ...earlier, ...entry });
  return { ...root, hooks: { ...hooks, [event]: kept } };
}

/** Takes every entry of ours out (both shapes); groups and events left empty by that go too. */
export function removeOurs(config: unknown, ours: (e: unknown) => boolean): Json {
  const { root, hooks } = hooksOf(config);
  const next: Json = {};
  let removed = false;
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) {
      next[event] = list;
      continue;
    }
    const kept: unknown[] = [];
    let touched = false;
    for (const item of list) {
      if (ours(item)) {
        touched = true;
        continue;
      }
      if (isObject(item) && Array.isArray(item['hooks']) && item['hooks'].some(ours)) {
        touched = true;
        const rest = (item['hooks'] as unknown[]).filter((h) => !ours(h));
        if (rest.length > 0) kept.push({ ...item, hooks: rest });
        continue;
      }
      kept.push(item);
    }
    removed ||= touched;
    if (kept.length > 0 || !touched) next[event] = kept;
  }
  if (!removed) return root;
  const out: Json = { ...root, hooks: next };
  if (Object.keys(next).length === 0) delete out['hooks'];
  return out;
}

/** The time limit of an entry of ours already there (in the file's unit), if any. */
export function existingTimeout(
  config: unknown,
  ours: (e: unknown) => boolean,
  key: string,
): number | undefined {
  if (!isObject(config) || !isObject(config['hooks'])) return undefined;
  for (const list of Object.values(config['hooks'])) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const entries = isObject(item) && Array.isArray(item['hooks']) ? (item['hooks'] as unknown[]) : [item];
      const found = entries.find(ours);
      if (isObject(found) && typeof found[key] === 'number') return found[key];
    }
  }
  return undefined;
}

/** Whether any entry of ours is in the configuration. */
export function hasOurs(config: unknown, ours: (e: unknown) => boolean): boolean {
  return isObject(config) && isObject(config['hooks']) && removeOurs(config, ours) !== config;
}

/** Our entry itself (the first), in either shape, or undefined. */
export function findOurs(config: unknown, ours: (e: unknown) => boolean): Json | undefined {
  if (!isObject(config) || !isObject(config['hooks'])) return undefined;
  for (const list of Object.values(config['hooks'])) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const entries = isObject(item) && Array.isArray(item['hooks']) ? (item['hooks'] as unknown[]) : [item];
      const found = entries.find(ours);
      if (isObject(found)) return found;
    }
  }
  return undefined;
}
