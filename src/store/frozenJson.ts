/**
 * JSON text of values that are stored again and again unchanged — the analysis view of a command
 * agents repeat all day (server/analysisCache.ts) — written once instead of on every insert. A
 * value is registered only after it is frozen all the way down, so its remembered text cannot go
 * stale: code that tried to change it would throw instead.
 */
const REMEMBERED = new WeakMap<object, string>();

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** Freezes `value` deeply and remembers its JSON text for jsonText. */
export function rememberJson<T extends object>(value: T): T {
  REMEMBERED.set(deepFreeze(value), JSON.stringify(value));
  return value;
}

/** JSON.stringify, or the remembered text of a registered value. */
export function jsonText(value: unknown): string {
  return (typeof value === 'object' && value !== null && REMEMBERED.get(value)) || JSON.stringify(value);
}
