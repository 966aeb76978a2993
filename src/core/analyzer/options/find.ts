/**
 * find's expression is a small language, not options: it is normalised only where its meaning
 * cannot depend on order. That is an expression made only of tests without effects (`-name`,
 * `-type`, `-mtime`, …) and position-free options (`-maxdepth`, `-xdev`), each perhaps negated,
 * joined by the implicit "and", with perhaps a final `-print`. Then the tests may be written in
 * any order (each is evaluated on every file alike and changes nothing; their arguments are read
 * before the search starts), `!` is `-not`, `-a` is the implicit "and", and the final `-print` is
 * the one find adds itself ("If the whole expression contains no actions other than -prune or
 * -print, -print is performed on all files for which the whole expression is true"). Anything
 * else — `-o`, parentheses, an action, `-regextype` or `-daystart` (which change the tests after
 * them), a word known only at run time — keeps the command as written.
 */
import type { Word } from '../types.js';
import { quoteWord } from '../shell/quote.js';

/** Tests without effects, and options that apply wherever they are written: how many words each reads. */
const PURE: Readonly<Record<string, 0 | 1>> = {
  '-name': 1,
  '-iname': 1,
  '-path': 1,
  '-ipath': 1,
  '-wholename': 1,
  '-iwholename': 1,
  '-lname': 1,
  '-ilname': 1,
  '-regex': 1,
  '-iregex': 1,
  '-type': 1,
  '-xtype': 1,
  '-mtime': 1,
  '-mmin': 1,
  '-atime': 1,
  '-amin': 1,
  '-ctime': 1,
  '-cmin': 1,
  '-newer': 1,
  '-size': 1,
  '-user': 1,
  '-group': 1,
  '-uid': 1,
  '-gid': 1,
  '-perm': 1,
  '-links': 1,
  '-inum': 1,
  '-samefile': 1,
  '-empty': 0,
  '-readable': 0,
  '-writable': 0,
  '-executable': 0,
  '-nouser': 0,
  '-nogroup': 0,
  '-true': 0,
  '-false': 0,
  '-maxdepth': 1,
  '-mindepth': 1,
  '-xdev': 0,
  '-mount': 0,
};

function word(value: string): Word {
  return { raw: value, value, dynamic: [], quoted: false, canonical: quoteWord(value) };
}

const isExpressionStart = (v: string) => v.startsWith('-') || v === '!' || v === '(';

/** The normal argv of a find command, or null when its expression's meaning may depend on order. */
export function normalizeFind(argv: readonly Word[]): Word[] | null {
  if (argv.some((w) => w.dynamic.length > 0)) return null;
  let i = 1;
  while (i < argv.length && ['-H', '-L', '-P'].includes((argv[i] as Word).value)) i++;
  const start = i;
  while (i < argv.length && !isExpressionStart((argv[i] as Word).value)) i++;
  if (i === start) return null; // BSD find needs a path; GNU's default `.` is not assumed
  const head = argv.slice(0, i);
  const units: Word[][] = [];
  while (i < argv.length) {
    let v = (argv[i] as Word).value;
    if (v === '-a' || v === '-and') {
      if (i === argv.length - 1 || units.length === 0) return null;
      i++;
      continue;
    }
    if (v === '-print' && i === argv.length - 1 && units.length > 0) break;
    const unit: Word[] = [];
    if (v === '!' || v === '-not') {
      unit.push(word('-not'));
      v = (argv[++i] as Word | undefined)?.value ?? '';
    }
    const arity = PURE[v];
    if (arity === undefined || i + arity >= argv.length) return null;
    unit.push(argv[i] as Word, ...argv.slice(i + 1, i + 1 + arity));
    i += 1 + arity;
    units.push(unit);
  }
  const text = (unit: Word[]) => unit.map((w) => w.value).join('\u0000');
  units.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  return [...head, ...units.flat()];
}
