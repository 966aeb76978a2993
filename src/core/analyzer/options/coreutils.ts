/**
 * Option tables of the file and text tools agents run most. Only what GNU and BSD/macOS read
 * alike (or what errors out on one of them, which runs nothing): `ls -w` (a value on GNU, a flag
 * on BSD) and `sed -i` (an optional value on GNU, a required one on BSD) are left out, so a
 * command using them keeps its spelling. None of them permute: BSD tools stop at the first operand.
 */
import { flag, grouped, optional, value, writes, type CommandOptions, shorthand } from './spec.js';

const FORMAT = 'format';
const SORT = 'sort';

export const ls: CommandOptions = {
  plainEnd: true,
  options: [
    grouped('all', flag('-a', '--all')),
    grouped('all', flag('-A', '--almost-all')),
    grouped(FORMAT, flag('-l')),
    grouped(FORMAT, flag('-1')),
    grouped(FORMAT, flag('-C')),
    grouped(FORMAT, flag('-x')),
    grouped(FORMAT, flag('-m')),
    grouped('size', flag('-h', '--human-readable')),
    grouped('size', flag('-k', '--kibibytes')),
    grouped('size', flag('--si')),
    grouped(SORT, flag('-t')),
    grouped(SORT, flag('-S')),
    grouped(SORT, flag('-U')),
    grouped(SORT, flag('-c')),
    grouped(SORT, flag('-u')),
    grouped(SORT, flag('-v')),
    grouped(SORT, value('--sort')),
    flag('-r', '--reverse'),
    flag('-R', '--recursive'),
    flag('-d', '--directory'),
    grouped('indicator', flag('-F', '--classify')),
    grouped('indicator', flag('-p')),
    flag('-i', '--inode'),
    flag('-n', '--numeric-uid-gid'),
    flag('-s', '--size'),
    flag('-g'),
    flag('-o'),
    flag('-G'),
    grouped('deref', flag('-L', '--dereference')),
    grouped('deref', flag('-H', '--dereference-command-line')),
    flag('--full-time'),
    flag('--group-directories-first'),
    optional('--color'),
    value('--time-style'),
    grouped('ignore', value('--ignore')),
    grouped('ignore', value('--hide')),
  ],
};

export const cat: CommandOptions = {
  plainEnd: true,
  options: [
    grouped('number', flag('-n', '--number')),
    grouped('number', flag('-b', '--number-nonblank')),
    flag('-s', '--squeeze-blank'),
    flag('-v', '--show-nonprinting'),
    shorthand('-e', '-v', '-E'),
    shorthand('-t', '-v', '-T'),
    flag('-E', '--show-ends'),
    flag('-T', '--show-tabs'),
    { names: ['-A', '--show-all'], expands: ['-v', '-E', '-T'] },
    flag('-u'),
  ],
};

export const head: CommandOptions = {
  plainEnd: true,
  numberOption: '-n',
  options: [
    grouped('count', value('-n', '--lines')),
    grouped('count', value('-c', '--bytes')),
    grouped('headers', flag('-q', '--quiet', '--silent')),
    grouped('headers', flag('-v', '--verbose')),
  ],
};

export const tail: CommandOptions = {
  plainEnd: true,
  numberOption: '-n',
  options: [
    grouped('count', value('-n', '--lines')),
    grouped('count', value('-c', '--bytes')),
    grouped('follow', flag('-f', '--follow')),
    grouped('follow', flag('-F')),
    grouped('headers', flag('-q', '--quiet', '--silent')),
    grouped('headers', flag('-v', '--verbose')),
    value('-s', '--sleep-interval'),
    value('--pid'),
    flag('--retry'),
  ],
};

export const wc: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-l', '--lines'),
    flag('-w', '--words'),
    flag('-c', '--bytes'),
    flag('-m', '--chars'),
    flag('-L', '--max-line-length'),
  ],
};

export const mkdir: CommandOptions = {
  plainEnd: true,
  options: [flag('-p', '--parents'), flag('-v', '--verbose'), value('-m', '--mode')],
};

const PROMPT = 'prompt';

export const rm: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-r', '-R', '--recursive'),
    grouped(PROMPT, flag('-f', '--force')),
    grouped(PROMPT, flag('-i')),
    grouped(PROMPT, flag('-I')),
    flag('-v', '--verbose'),
    flag('-d', '--dir'),
    flag('--one-file-system'),
    flag('--no-preserve-root'),
  ],
};

const CLOBBER = 'clobber';
const copyLike = [
  grouped(CLOBBER, flag('-f', '--force')),
  grouped(CLOBBER, flag('-i', '--interactive')),
  grouped(CLOBBER, flag('-n', '--no-clobber')),
  flag('-v', '--verbose'),
  value('-t', '--target-directory'),
  flag('-T', '--no-target-directory'),
  flag('-u', '--update'),
  flag('-b'),
];

export const cp: CommandOptions = {
  plainEnd: true,
  options: [
    ...copyLike,
    flag('-r', '-R', '--recursive'),
    flag('-a', '--archive'),
    flag('-p'),
    flag('-x', '--one-file-system'),
    flag('-l', '--link'),
    flag('-s', '--symbolic-link'),
    grouped('deref', flag('-L', '--dereference')),
    grouped('deref', flag('-P', '--no-dereference')),
    grouped('deref', flag('-H')),
  ],
};

export const mv: CommandOptions = { options: copyLike, plainEnd: true };

export const chmod: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-R', '--recursive'),
    flag('-v', '--verbose'),
    flag('-c', '--changes'),
    flag('-f', '--silent', '--quiet'),
    value('--reference'),
  ],
};

export const du: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-s', '--summarize'),
    grouped('units', flag('-h', '--human-readable')),
    grouped('units', flag('-k')),
    grouped('units', flag('-m')),
    flag('-a', '--all'),
    flag('-c', '--total'),
    value('-d', '--max-depth'),
    flag('-x', '--one-file-system'),
    grouped('deref', flag('-L', '--dereference')),
    grouped('deref', flag('-H', '--dereference-args')),
    grouped('exclude', value('--exclude')),
  ],
};

const OUTPUT = 'output';

export const grep: CommandOptions = {
  plainEnd: true,
  options: [
    grouped('recurse', flag('-r', '--recursive')),
    grouped('recurse', flag('-R', '--dereference-recursive')),
    flag('-n', '--line-number'),
    flag('-i', '--ignore-case'),
    flag('-v', '--invert-match'),
    flag('-w', '--word-regexp'),
    flag('-x', '--line-regexp'),
    grouped(OUTPUT, flag('-l', '--files-with-matches')),
    grouped(OUTPUT, flag('-L', '--files-without-match')),
    grouped(OUTPUT, flag('-c', '--count')),
    grouped(OUTPUT, flag('-o', '--only-matching')),
    grouped(OUTPUT, flag('-q', '--quiet', '--silent')),
    flag('-s', '--no-messages'),
    grouped('filename', flag('-H', '--with-filename')),
    grouped('filename', flag('-h', '--no-filename')),
    grouped('syntax', flag('-E', '--extended-regexp')),
    grouped('syntax', flag('-F', '--fixed-strings')),
    grouped('syntax', flag('-G', '--basic-regexp')),
    grouped('syntax', flag('-P', '--perl-regexp')),
    grouped('pattern', value('-e', '--regexp')),
    grouped('pattern', value('-f', '--file')),
    grouped('context', value('-A', '--after-context')),
    grouped('context', value('-B', '--before-context')),
    grouped('context', value('-C', '--context')),
    value('-m', '--max-count'),
    flag('-I'),
    flag('-a', '--text'),
    flag('-b', '--byte-offset'),
    flag('-Z', '--null'),
    grouped('filter', value('--include')),
    grouped('filter', value('--exclude')),
    grouped('filter', value('--exclude-dir')),
    optional('--color', '--colour'),
  ],
};

export const sed: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-n', '--quiet', '--silent'),
    grouped('script', value('-e', '--expression')),
    grouped('script', value('-f', '--file')),
    flag('-E', '-r', '--regexp-extended'),
    flag('-s', '--separate'),
    flag('-u', '--unbuffered'),
    flag('-z', '--null-data'),
  ],
};

export const sort: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-r', '--reverse'),
    grouped('kind', flag('-n', '--numeric-sort')),
    grouped('kind', flag('-h', '--human-numeric-sort')),
    grouped('kind', flag('-g', '--general-numeric-sort')),
    grouped('kind', flag('-M', '--month-sort')),
    grouped('kind', flag('-V', '--version-sort')),
    grouped('kind', flag('-R', '--random-sort')),
    flag('-u', '--unique'),
    flag('-f', '--ignore-case'),
    flag('-b', '--ignore-leading-blanks'),
    flag('-d', '--dictionary-order'),
    flag('-s', '--stable'),
    flag('-c', '--check'),
    flag('-z', '--zero-terminated'),
    grouped('key', value('-k', '--key')),
    value('-t', '--field-separator'),
    writes(value('-o', '--output')),
    value('-S', '--buffer-size'),
    value('-T', '--temporary-directory'),
    value('--parallel'),
  ],
};

export const tee: CommandOptions = {
  plainEnd: true,
  options: [flag('-a', '--append'), flag('-i', '--ignore-interrupts'), flag('-p')],
};

export const base64: CommandOptions = {
  plainEnd: true,
  options: [flag('-d', '--decode'), value('-w', '--wrap'), writes(value('-o', '--output'))],
};

export const touch: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-c', '--no-create'),
    flag('-a'),
    flag('-m'),
    value('-r', '--reference'),
    value('-d', '--date'),
    value('-t'),
  ],
};

export const ln: CommandOptions = {
  plainEnd: true,
  options: [
    flag('-s', '--symbolic'),
    flag('-f', '--force'),
    flag('-n', '--no-dereference'),
    flag('-v', '--verbose'),
  ],
};

export const nl: CommandOptions = {
  plainEnd: true,
  options: [
    value('-b', '--body-numbering'),
    value('-w', '--number-width'),
    value('-s', '--number-separator'),
    value('-v', '--starting-line-number'),
    value('-i', '--line-increment'),
    value('-n', '--number-format'),
  ],
};

export const cut: CommandOptions = {
  plainEnd: true,
  options: [
    value('-d', '--delimiter'),
    grouped('list', value('-f', '--fields')),
    grouped('list', value('-c', '--characters')),
    grouped('list', value('-b', '--bytes')),
    flag('-s', '--only-delimited'),
    flag('--complement'),
    value('--output-delimiter'),
  ],
};

/**
 * xargs: its options, then the command it runs, kept as written (the first operand ends the
 * options). GNU's long names are listed as the short ones' aliases.
 */
export const xargs: CommandOptions = {
  operandEnds: true,
  options: [
    flag('-0', '--null'),
    value('-I'),
    value('-n', '--max-args'),
    value('-P', '--max-procs'),
    value('-L', '--max-lines'),
    value('-d', '--delimiter'),
    value('-a', '--arg-file'),
    value('-s', '--max-chars'),
    flag('-r', '--no-run-if-empty'),
    flag('-t', '--verbose'),
    flag('-x', '--exit'),
  ],
};
