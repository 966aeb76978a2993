/**
 * The expansions bash applies to an unquoted path word, done here read-only: `~`, `$NAME` /
 * `${NAME}` from the environment, `{a,b}` / `{1..3}` braces, and globs (`* ? [...]`, no dotfiles
 * unless the pattern starts with a dot) by reading directories.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export class ExpandError extends Error {}

export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return home + path.slice(1);
  if (path.startsWith('~'))
    throw new ExpandError(`${path.slice(0, path.indexOf('/') >>> 0)}: another user's home is not resolved`);
  return path;
}

export function expandParameters(path: string, env: NodeJS.ProcessEnv): string {
  return path.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}$`]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      _,
      a: string | undefined,
      colon: string | undefined,
      fallback: string | undefined,
      b: string | undefined,
    ) => {
      const name = (a ?? b) as string;
      const set = env[name];
      // `${X:-default}` (unset or empty) and `${X-default}` (unset) as bash reads them.
      const v =
        fallback !== undefined && (set === undefined || (colon === ':' && set === '')) ? fallback : set;
      if (v === undefined)
        throw new ExpandError(
          `$${name} is not set in the agent's environment (the command may set it itself)`,
        );
      return v;
    },
  );
}

/** `a{b,c}d` → [abd, acd]; `x{1..3}` → [x1, x2, x3]; at most 1000 words. */
export function expandBraces(word: string): string[] {
  const m = /\{([^{}]*)\}/.exec(word);
  if (!m) return [word];
  const inner = m[1] ?? '';
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(inner);
  let alts: string[];
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    const step = a <= b ? 1 : -1;
    alts = [];
    for (let i = a; step > 0 ? i <= b : i >= b; i += step) if (alts.push(String(i)) > 1000) break;
  } else if (inner.includes(',')) alts = inner.split(',');
  else return [word];
  const out: string[] = [];
  for (const alt of alts) {
    for (const w of expandBraces(word.slice(0, m.index) + alt + word.slice(m.index + m[0].length))) {
      if (out.push(w) >= 1000) return out;
    }
  }
  return out;
}

const GLOB = /[*?[]/;

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = seg.slice(i + 1, end);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Paths an absolute glob matches now, sorted like bash; at most `cap` (then `capped`). No match:
 * an empty list (bash would pass the pattern through literally).
 */
export async function expandGlob(
  pattern: string,
  cap: number,
  deadline: number,
  list: (dir: string) => Promise<string[]> = (dir) => readdir(dir),
): Promise<{ paths: string[]; capped: boolean }> {
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = [segs[0] === '' ? '/' : '.'];
  let capped = false;
  for (const seg of segs.slice(1)) {
    if (Date.now() > deadline) throw new ExpandError('time limit reached while expanding the glob');
    if (!GLOB.test(seg)) {
      bases = bases.map((b) => join(b, seg));
      continue;
    }
    const re = segmentRegex(seg);
    const next: string[] = [];
    for (const b of bases) {
      const names = await list(b).catch(() => [] as string[]);
      for (const n of names.sort()) {
        if (n.startsWith('.') && !seg.startsWith('.')) continue;
        if (!re.test(n)) continue;
        if (next.length >= cap) {
          capped = true;
          break;
        }
        next.push(join(b, n));
      }
    }
    bases = next;
  }
  return { paths: bases, capped };
}

export function hasGlob(path: string): boolean {
  return GLOB.test(path);
}
