/** Short constructors for rule data (rules/*.ts): they build plain ArgTest / Match values. */
import type { ArgTest, FlagGroup } from './rule.js';
import type { PathClass } from './paths.js';

export const path = (...classes: PathClass[]): ArgTest => ({ kind: 'path', classes });
/** A path inside a flag value such as curl's `-d @file` or `-F f=@file`. */
export const atPath = (...classes: PathClass[]): ArgTest => ({
  kind: 'path',
  classes,
  strip: /^(?:[^=@<]*=)?[@<]/,
});
export const eq = (...values: string[]): ArgTest => ({ kind: 'equals', values });
export const eqi = (...values: string[]): ArgTest => ({ kind: 'equals', values, ignoreCase: true });
export const re = (regex: RegExp): ArgTest => ({ kind: 'pattern', regex });
export const dynamic: ArgTest = { kind: 'dynamic' };
/** A word whose value comes from running something: $(…), `…`, <(…). */
export const substituted: ArgTest = {
  kind: 'dynamic',
  kinds: ['command-substitution', 'process-substitution'],
};
export const not = (test: ArgTest): ArgTest => ({ kind: 'not', test });
export const any = (...tests: ArgTest[]): ArgTest => ({ kind: 'any', tests });
export const all = (...tests: ArgTest[]): ArgTest => ({ kind: 'all', tests });

/** Common flag groups. */
export const RECURSIVE: FlagGroup = ['-r', '-R', '--recursive'];
export const FORCE: FlagGroup = ['-f', '--force'];

/** Scopes whose deletion is unbounded or unrecoverable. */
export const UNBOUNDED: PathClass[] = ['root', 'system', 'home', 'cwd', 'unbounded-glob', 'dynamic-root'];
