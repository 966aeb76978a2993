/**
 * Symbolic links the input itself creates (`ln -s TARGET NAME`): a later path through the link
 * (`NAME/`, `NAME/x`) reaches TARGET, so `ln -sfn ~ build && rm -rf build/` deletes the home
 * directory's contents. The link's name must be literal; a link made by an earlier command than the one that
 * uses it, in the same input. A path that is the link itself (`rm build`) removes only the link.
 */
import type { SimpleCommand, Word } from '../types.js';

const cache = new WeakMap<readonly SimpleCommand[], Array<ReadonlyMap<string, string> | null>>();

const norm = (p: string) => p.replace(/^(\.\/)+/, '').replace(/\/+$/, '');

/** `ln -s T L` (clusters such as -sfn, --symbolic): the link's name and its target, or null. */
function linkOf(c: SimpleCommand): [name: string, target: string] | null {
  if (c.program !== 'ln') return null;
  let symbolic = false;
  const operands: Word[] = [];
  let ended = false;
  for (const w of c.argv.slice(1)) {
    if (!ended && w.dynamic.length > 0) {
      operands.push(w);
      continue;
    }
    if (!ended && w.value === '--') ended = true;
    else if (!ended && w.value.startsWith('--')) {
      if (w.value === '--symbolic') symbolic = true;
      else if (/^--(target-directory|suffix|backup)/.test(w.value)) return null;
    } else if (!ended && /^-[a-zA-Z]+$/.test(w.value)) {
      if (/[tS]/.test(w.value)) return null;
      if (w.value.includes('s')) symbolic = true;
    } else operands.push(w);
  }
  if (!symbolic || operands.length === 0 || operands.length > 2) return null;
  // The target may be known only at run time (`"$HOME"`: judged as such through the link); the
  // link's own name must be literal.
  const [target, given] = operands as [Word, Word | undefined];
  const nameWord = given ?? target;
  if (nameWord.dynamic.some((d) => d !== 'tilde' || nameWord === given)) return null;
  const name = given
    ? given.value
    : target.value.slice(target.value.replace(/\/+$/, '').lastIndexOf('/') + 1);
  return name === '' ? null : [norm(name), target.value.replace(/\/+$/, '') || '/'];
}

/** Per command of the input: the links made by the commands before it (null when none). */
export function linksOf(all: readonly SimpleCommand[]): Array<ReadonlyMap<string, string> | null> {
  let out = cache.get(all);
  if (out) return out;
  out = [];
  let links: Map<string, string> | null = null;
  for (const c of all) {
    out.push(links);
    const link = linkOf(c);
    if (link) {
      links = new Map(links ?? []);
      links.set(link[0], link[1]);
    }
  }
  cache.set(all, out);
  return out;
}

/** The path a word reaches through a link made earlier (`build/x` → `~/x`), or null. */
export function throughLink(
  value: string,
  links: ReadonlyMap<string, string> | null | undefined,
): string | null {
  if (!links) return null;
  const bare = value.replace(/^(\.\/)+/, '');
  const slash = bare.indexOf('/');
  if (slash <= 0) return null;
  const target = links.get(bare.slice(0, slash));
  return target === undefined ? null : `${target.replace(/\/+$/, '')}/${bare.slice(slash + 1)}`;
}
