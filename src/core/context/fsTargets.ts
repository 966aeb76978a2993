/**
 * The paths a destructive command touches, for filesystem probes: rm, rmdir, shred, truncate,
 * mv/cp targets, chmod/chown/chgrp -R, find … -delete, dd of=, and clobbering redirects.
 */
import type { SimpleCommand, Word } from '../analyzer/types.js';
import type { FsProbe } from '../../protocol/context.js';
import { hasAny, parseArgs, unknowable } from './argv.js';
import { classifyPath } from '../analyzer/risk/paths.js';

export type FsTarget = Omit<FsProbe, 'id' | 'kind'>;

const HARMLESS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);
const CLOBBER = new Set(['>', '>|', '&>', '<>']);

function target(word: Word, op: string, walk: boolean, followFinal: boolean): FsTarget | null {
  if (unknowable(word) || word.value === '' || HARMLESS.has(word.value) || /^\/dev\/fd\//.test(word.value))
    return null;
  const expand = (['glob', 'extglob', 'tilde', 'parameter', 'brace'] as const).filter((d) =>
    word.dynamic.includes(d),
  );
  const t: FsTarget = { path: word.value, op, walk, followFinal };
  if (expand.length) t.expand = expand.map((d) => (d === 'extglob' ? 'glob' : d));
  if (classifyPath(word).has('temp')) t.temp = true;
  // `rm -r link/` follows the link: the trailing slash names the directory it points to.
  if (!followFinal && word.value.length > 1 && word.value.endsWith('/')) t.followFinal = true;
  return t;
}

function each(words: Word[], op: string, walk: boolean, followFinal: boolean): FsTarget[] {
  return words.map((w) => target(w, op, walk, followFinal)).filter((t): t is FsTarget => t !== null);
}

/** The last operand, or the `-t DIR` target, of mv/cp/ln/install. */
function copyTarget(cmd: SimpleCommand, program: string): FsTarget[] {
  const args = parseArgs(cmd.argv, [
    '-t',
    '--target-directory',
    '-S',
    '--suffix',
    '-m',
    '--mode',
    '-o',
    '--owner',
    '-g',
    '--group',
  ]);
  const dir = args.values.get('-t') ?? args.values.get('--target-directory');
  const last = dir ?? (args.operands.length >= 2 ? args.operands[args.operands.length - 1] : undefined);
  if (!last) return [];
  const t = target(last, `${program} target`, true, true);
  return t ? [t] : [];
}

function fromProgram(cmd: SimpleCommand): FsTarget[] {
  const program = cmd.program;
  switch (program) {
    case 'rm': {
      const args = parseArgs(cmd.argv);
      const recursive = hasAny(args, '-r', '-R', '--recursive');
      return each(args.operands, recursive ? 'rm -r' : 'rm', recursive, false);
    }
    case 'rmdir':
      return each(parseArgs(cmd.argv).operands, 'rmdir', false, false);
    case 'unlink':
      return each(parseArgs(cmd.argv).operands, 'unlink', false, false);
    case 'shred':
      return each(
        parseArgs(cmd.argv, ['-n', '--iterations', '-s', '--size', '--random-source']).operands,
        'shred',
        false,
        true,
      );
    case 'truncate':
      return each(
        parseArgs(cmd.argv, ['-s', '--size', '-r', '--reference']).operands,
        'truncate',
        false,
        true,
      );
    case 'mv':
    case 'cp':
    case 'install':
      return copyTarget(cmd, program);
    case 'chmod':
    case 'chown':
    case 'chgrp': {
      const args = parseArgs(cmd.argv, ['--reference']);
      if (!hasAny(args, '-R', '--recursive')) return [];
      // The first operand is the mode / owner unless --reference gave it.
      const paths = args.values.has('--reference') ? args.operands : args.operands.slice(1);
      return each(paths, `${program} -R`, true, true);
    }
    case 'find': {
      const values = cmd.argv.map((w) => w.value);
      const deletes =
        values.includes('-delete') ||
        values.some(
          (v, i) =>
            (v === '-exec' || v === '-execdir') && /(^|\/)(rm|shred|unlink)$/.test(values[i + 1] ?? ''),
        );
      if (!deletes) return [];
      const starts: Word[] = [];
      for (const w of cmd.argv.slice(1)) {
        if (/^[-(!]/.test(w.value) && !['-H', '-L', '-P'].includes(w.value)) break;
        if (!['-H', '-L', '-P'].includes(w.value)) starts.push(w);
      }
      // No walk: find deletes only what matches, so the size of the tree would overstate it.
      return each(
        starts.length ? starts : [{ raw: '.', value: '.', dynamic: [], quoted: false }],
        'find -delete',
        false,
        false,
      );
    }
    case 'dd': {
      const of = cmd.argv.find((w) => w.value.startsWith('of='));
      if (!of) return [];
      const t = target({ ...of, value: of.value.slice(3), raw: of.raw.slice(3) }, 'dd of=', false, true);
      return t ? [t] : [];
    }
    default:
      return [];
  }
}

/** Every path the command would destroy or overwrite, deduplicated by path and operation. */
export function destructiveTargets(cmd: SimpleCommand): FsTarget[] {
  const out = fromProgram(cmd);
  for (const r of cmd.redirects) {
    if (!CLOBBER.has(r.op) || (r.fd !== null && r.fd > 2)) continue;
    const t = target(r.target, `redirect ${r.op}`, false, true);
    if (t) out.push(t);
  }
  return out;
}
