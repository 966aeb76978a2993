/** Skipping a wrapper's own options to find the command it runs (`timeout -s KILL 5 cmd …`). */
import type { Word } from '../types.js';

export interface OptionSpec {
  /** Options that take a value in the next word (or attached: `-uroot`, `--user=root`). */
  value?: readonly string[];
  /**
   * Options whose value, if any, is attached (`xargs -i{}`, `--replace=R`); alone they take none,
   * so the next word is not theirs (`xargs --replace sh -c …`).
   */
  optional?: readonly string[];
  /** Options after which there is no command to run (`sudo -l`, `command -v`). */
  noCommand?: readonly string[];
  /** Positional words before the command (`timeout DURATION cmd`: 1). */
  positionals?: number;
  /** Long options that take more than one word, with how many (`bwrap --bind SRC DEST`: 2). */
  multi?: Readonly<Record<string, number>>;
}

export interface OptionScan {
  /** Index of the wrapped command's first word; argv.length when there is none. */
  index: number;
  /** Options seen, with their values (`-u` → 'root'). */
  seen: Map<string, string | true>;
  /** An option word was dynamic: the command cannot be located with certainty. */
  dynamic: boolean;
  noCommand: boolean;
}

export function isStatic(word: Word | undefined): word is Word {
  return word !== undefined && word.dynamic.length === 0;
}

const EMPTY: ReadonlySet<string> = new Set();
const specSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A spec's option list as a Set, built once per list (most specs are module constants). */
function setOf(list: readonly string[] | undefined): ReadonlySet<string> {
  if (!list || list.length === 0) return EMPTY;
  let set = specSets.get(list);
  if (!set) {
    set = new Set(list);
    specSets.set(list, set);
  }
  return set;
}

export function scanOptions(argv: readonly Word[], from: number, spec: OptionSpec): OptionScan {
  const values = setOf(spec.value);
  const optionals = setOf(spec.optional);
  const stops = setOf(spec.noCommand);
  const seen = new Map<string, string | true>();
  let positionals = spec.positionals ?? 0;
  let i = from;
  const result = (dynamic: boolean): OptionScan => ({
    index: i,
    seen,
    dynamic,
    noCommand: [...seen.keys()].some((k) => stops.has(k)),
  });
  while (i < argv.length) {
    const word = argv[i];
    if (!isStatic(word)) return result(true);
    const v = word.value;
    if (v === '--') {
      i++;
      break;
    }
    const many = spec.multi?.[v];
    if (many !== undefined) {
      // An option taking several words, or a single-dash long one (`arch -arch x86_64 CMD`).
      const taken = argv.slice(i + 1, i + 1 + many);
      if (taken.length < many || !taken.every(isStatic)) return result(true);
      seen.set(v, taken.map((w) => w.value).join(' '));
      i += taken.length + 1;
      continue;
    }
    if (!v.startsWith('-') || v === '-') {
      if (positionals > 0) {
        positionals--;
        i++;
        continue;
      }
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(0, eq) : v;
      if (eq >= 0) seen.set(name, v.slice(eq + 1));
      else if (values.has(name) && !optionals.has(name)) {
        seen.set(name, argv[i + 1]?.value ?? '');
        i++;
      } else seen.set(name, true);
      i++;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const flag = '-' + v.charAt(j);
      if (optionals.has(flag)) {
        seen.set(flag, j + 1 < v.length ? v.slice(j + 1) : true);
        break;
      }
      if (values.has(flag)) {
        if (j + 1 < v.length) seen.set(flag, v.slice(j + 1));
        else {
          seen.set(flag, argv[i + 1]?.value ?? '');
          i++;
        }
        break;
      }
      seen.set(flag, true);
    }
    i++;
  }
  while (positionals > 0 && i < argv.length) {
    positionals--;
    i++;
  }
  return result(false);
}
