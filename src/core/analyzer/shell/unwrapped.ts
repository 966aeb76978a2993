/** What one wrapper layer hands on (the result of looking at a command as a possible wrapper). */
import type { Redirect, SimpleCommand, Word, Wrapper } from '../types.js';

export type Unwrapped =
  /** Not a wrapper (or a wrapper with nothing to run, like `sudo -l`). */
  | { kind: 'none' }
  /** Runs another argv directly: sudo, env, timeout, xargs, docker exec, … */
  | { kind: 'argv'; wrapper: Wrapper; argv: Word[]; assignments: SimpleCommand['assignments'] }
  /**
   * Runs shell text: sh -c, eval, su -c, ssh, watch, env -S, a heredoc fed to a shell. `text` null:
   * the text is not static. `partial`: static text the outer shell expands first.
   */
  | { kind: 'script'; wrapper: Wrapper; text: string | null; partial?: boolean; consumed?: Redirect }
  /**
   * The command itself runs and is judged, and so is each of these: find's -exec/-execdir/-ok (a
   * command per file), a container's command on bind-mounted host paths (shell/containerMounts.ts).
   */
  | {
      kind: 'find';
      execs: Array<{ wrapper: Wrapper; argv: Word[] }>;
      deletes: boolean;
      /** The execs are the command itself, read with known values: it is not judged as written. */
      replaces?: boolean;
    };

export function wrapperOf(program: string, words: readonly Word[], remote?: string): Wrapper {
  const wrapper: Wrapper = { program, words: words.map((w) => w.value), argv: [...words] };
  if (remote !== undefined) wrapper.remote = remote;
  return wrapper;
}
