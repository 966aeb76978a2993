/**
 * Shell text a command hands to something that runs it later or elsewhere: a pager, editor or SSH
 * command set through an env prefix or `git -c` (`GIT_SSH_COMMAND='…'`, `core.editor=…`), a git
 * setting written with `git config`, an `ssh -o ProxyCommand=…`, a `vim -c ':!…'`, or text written
 * into a shell start-up file or git hook (`echo 'rm -rf ~' >> ~/.bashrc`). The text is parsed like
 * `sh -c` so it is judged by what it runs; the finding that it runs code stays as well.
 */
import { scriptCommands } from './scriptCommands.js';
import { sqlShellEscapes } from './sqlShellEscapes.js';
import type { SimpleCommand, Word } from '../types.js';

export interface LaterText {
  /** Where it comes from, for reasons: `GIT_SSH_COMMAND`, `git -c core.pager`, `~/.bashrc`. */
  source: string;
  text: string;
}

/** Variables whose value is a command line something runs. */
const COMMAND_ENV = new Set([
  'GIT_SSH_COMMAND',
  'GIT_PAGER',
  'PAGER',
  'MANPAGER',
  'SYSTEMD_PAGER',
  'EDITOR',
  'VISUAL',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
  'PROMPT_COMMAND',
  'BROWSER',
  'LESSOPEN',
  'LESSCLOSE',
  'GIT_EXTERNAL_DIFF',
  'GIT_PROXY_COMMAND',
]);

/** git settings whose value is a command git runs (through a shell for most of them). */
const GIT_COMMAND_KEYS =
  /^(core\.(pager|editor|sshcommand|fsmonitor|askpass|gitproxy)|sequence\.editor|diff\.external|pager\..+|diff\..+\.(textconv|command)|filter\..+\.(clean|smudge|process)|merge\..+\.driver|credential(\..+)?\.helper|web\.browser|browser\..+\.cmd)$/i;

/** Start-up files and hooks: text written there runs later, as shell. */
const RUNS_LATER =
  /(^|\/)\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin|kshrc|bash_aliases|envrc)$|(^|\/)\.git\/hooks\/[^/]+$|(^|\/)\.husky\/[^/]+$|^\/etc\/(profile|bash\.bashrc|zshrc|rc\.local)$|^\/etc\/profile\.d\//;

function commandText(value: string): string {
  // LESSOPEN='|lesspipe %s' and credential helpers `!cmd`: the command after the marker.
  return value.replace(/^\s*[|!]\s*/, '').replace(/%s/g, 'FILE');
}

function gitPairs(words: readonly Word[]): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as Word;
    const pair =
      w.value === '-c'
        ? words[++i]
        : w.value.startsWith('-c') && w.value.length > 2
          ? { ...w, value: w.value.slice(2) }
          : null;
    if (!pair || pair.dynamic.length > 0) continue;
    const eq = pair.value.indexOf('=');
    if (eq > 0) out.push({ key: pair.value.slice(0, eq), value: pair.value.slice(eq + 1) });
  }
  return out;
}

/**
 * Options whose value is a command line the program runs (through a shell, or split like one):
 * `man -P CMD`, `rsync -e CMD`, `zip -TT CMD`, `tar --checkpoint-action=exec=CMD`. `strip`
 * removes what comes before the command inside the value.
 */
const COMMAND_OPTIONS: ReadonlyArray<{ program: RegExp; options: readonly string[]; strip?: RegExp }> = [
  { program: /^man$/, options: ['-P', '--pager', '-H', '--html'] },
  { program: /^rsync$/, options: ['-e', '--rsh', '--rsync-path'] },
  { program: /^(scp|sftp)$/, options: ['-S'] },
  { program: /^zip$/, options: ['-TT', '--unzip-command'] },
  { program: /^tcpdump$/, options: ['-z'] },
  { program: /^(rg|ripgrep)$/, options: ['--pre'] },
  { program: /^(tar|gtar|bsdtar)$/, options: ['--checkpoint-action'], strip: /^exec=/ },
  // Debuggers' commands given on the command line: `shell CMD` and `!CMD` run CMD through a shell.
  {
    program: /^(gdb|gdb-multiarch|cgdb)$/,
    options: [
      '-ex',
      '--ex',
      '-eval-command',
      '--eval-command',
      '-iex',
      '--iex',
      '-init-eval-command',
      '--init-eval-command',
    ],
    strip: /^\s*(shell\s+|!\s*)/,
  },
  {
    program: /^lldb$/,
    options: ['-o', '--one-line', '-O', '--one-line-before-file', '-k', '--one-line-on-crash'],
    strip: /^\s*(platform\s+shell\s+|!\s*)/,
  },
  {
    program: /^(tar|gtar|bsdtar)$/,
    options: ['--to-command', '--use-compress-program', '-I', '--info-script', '--new-volume-script', '-F'],
  },
];

/** The value of `option` in each place it is given (`-P V`, `-PV`, `--pager V`, `--pager=V`). */
function optionValues(args: readonly Word[], option: string): Word[] {
  const out: Word[] = [];
  for (let i = 1; i < args.length; i++) {
    const w = args[i] as Word;
    if (w.value === '--') break;
    if (w.value === option) {
      const next = args[i + 1];
      if (next) out.push(next);
      i++;
    } else if (option.startsWith('--') && w.value.startsWith(option + '=')) {
      out.push({ ...w, value: w.value.slice(option.length + 1) });
    } else if (
      !option.startsWith('--') &&
      option.length === 2 &&
      w.value.startsWith(option) &&
      !w.value.startsWith('--')
    ) {
      out.push({ ...w, value: w.value.slice(2) });
    }
  }
  return out;
}

/** The command texts `cmd` sets up to run later or elsewhere (static values only). */
export function laterTexts(cmd: SimpleCommand): LaterText[] {
  const out: LaterText[] = [];
  // sed's `e COMMAND`, awk's `system("COMMAND")`: shell lines inside the program (scriptCommands.ts).
  for (const text of scriptCommands(cmd)) out.push({ source: `${cmd.program ?? ''} program`, text });
  for (const a of cmd.assignments)
    if (COMMAND_ENV.has(a.name) && a.value.dynamic.length === 0 && a.value.value.trim() !== '')
      out.push({ source: a.name, text: commandText(a.value.value) });
  // `git -c k=v` applies to the git command it wraps (not to what runs inside it).
  for (const w of cmd.program === 'git' ? cmd.wrappers : []) {
    if (w.program !== 'git' || !w.argv || w.code !== undefined || w.text) continue;
    for (const { key, value } of gitPairs(w.argv))
      if (GIT_COMMAND_KEYS.test(key) && value.trim() !== '')
        out.push({ source: `git -c ${key}`, text: commandText(value) });
  }
  const args = cmd.argv;
  if (cmd.program === 'git' && args[1]?.value === 'config') {
    const rest = args.slice(2).filter((w) => !w.value.startsWith('-'));
    const [key, value] = rest;
    if (key && value && value.dynamic.length === 0 && GIT_COMMAND_KEYS.test(key.value))
      out.push({ source: `git config ${key.value}`, text: commandText(value.value) });
    // `alias.x '!cmd'`: git runs the text after `!` through the shell when `git x` is typed.
    else if (
      key &&
      value &&
      value.dynamic.length === 0 &&
      /^alias\./i.test(key.value) &&
      /^\s*!/.test(value.value)
    )
      out.push({ source: `git config ${key.value}`, text: commandText(value.value) });
  }
  if (cmd.program === 'ssh') {
    for (let i = 1; i < args.length; i++) {
      const w = args[i] as Word;
      const opt =
        w.value === '-o' ? args[i + 1] : w.value.startsWith('-o') ? { ...w, value: w.value.slice(2) } : null;
      const m =
        opt && opt.dynamic.length === 0
          ? /^\s*(ProxyCommand|LocalCommand)\s*[= ]\s*(.+)$/is.exec(opt.value)
          : null;
      if (m) out.push({ source: `ssh -o ${m[1] ?? ''}`, text: m[2] as string });
    }
  }
  for (const entry of cmd.program ? COMMAND_OPTIONS : []) {
    if (!entry.program.test(cmd.program as string)) continue;
    for (const option of entry.options)
      for (const v of optionValues(args, option)) {
        const text = entry.strip ? v.value.replace(entry.strip, '') : v.value;
        if (v.dynamic.length === 0 && text.trim() !== '' && (!entry.strip || text !== v.value))
          out.push({ source: `${cmd.program} ${option}`, text });
      }
  }
  for (const text of sqlShellEscapes(cmd)) out.push({ source: `${cmd.program} shell escape`, text });
  if (cmd.program === 'less' || cmd.program === 'more') {
    // `+!CMD` (and `+:!CMD`): less runs CMD through a shell at start.
    for (const w of args.slice(1)) {
      const m = w.dynamic.length === 0 ? /^\+:?\s*!(.+)$/s.exec(w.value) : null;
      if (m) out.push({ source: `${cmd.program} +!`, text: m[1] as string });
    }
  }
  if (cmd.program === 'pwsh' || cmd.program === 'powershell') {
    // PowerShell code, read as far as bash reads it the same (the finding that it runs code stays).
    const at = args.findIndex((w) => /^-(c|command|co|com)$/i.test(w.value));
    const text = at > 0 ? args.slice(at + 1) : [];
    if (text.length > 0 && text.every((w) => w.dynamic.length === 0))
      out.push({ source: `${cmd.program} -Command`, text: text.map((w) => w.value).join(' ') });
  }
  if (cmd.program !== null && /^(vim|vi|nvim|view|ex|gvim|rvim)$/.test(cmd.program)) {
    for (let i = 1; i < args.length; i++) {
      const w = args[i] as Word;
      const c =
        w.value === '-c' || w.value === '--cmd'
          ? args[i + 1]
          : w.value.startsWith('+')
            ? { ...w, value: w.value.slice(1) }
            : null;
      const m = c && c.dynamic.length === 0 ? /^\s*:?\s*(?:silent!?\s*)?!(.+)$/s.exec(c.value) : null;
      if (m) out.push({ source: `${cmd.program} -c`, text: m[1] as string });
    }
  }
  return out;
}

/** Whether text written to `path` runs later as shell (start-up files, git hooks). */
export function runsLater(path: string): boolean {
  return RUNS_LATER.test(path.replace(/^\$HOME(?=\/)|^\$\{HOME\}(?=\/)/, '~'));
}

/** Programs in directories on PATH (paths.ts tags them as persistence points too). */
const PATH_PROGRAM =
  /(^|\/)\.local\/bin\/[^/]+$|^~\/bin\/[^/]+$|^\/usr\/local\/s?bin\/[^/]+$|^\/opt\/homebrew\/s?bin\/[^/]+$|(^|\/)\.(cargo|bun|deno|npm-global|volta)\/bin\/[^/]+$/;

/** Crontabs: a user's (/var/spool/cron/…), and the system's (/etc/crontab, /etc/cron.d/*) with a user field. */
const CRON_FILE = /^\/var\/spool\/cron(?:\/crontabs)?\/[^/]+$|^\/etc\/(crontab$|cron\.d\/[^/]+$)/;

/**
 * The commands of crontab lines: each line without its schedule (five fields or an `@reboot`-style
 * word) and, in the system's files, the user field; comments and variable settings are skipped.
 */
export function cronCommands(text: string, withUser: boolean): string | null {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(t)) continue;
    const m = /^(?:@\w+|(?:\S+\s+){4}\S+)\s+(.*)$/s.exec(t);
    let command = m?.[1];
    if (command !== undefined && withUser) command = /^\S+\s+(.*)$/s.exec(command)?.[1];
    // cron turns an unescaped % into a newline (the rest is the command's stdin): the part before it runs.
    if (command) out.push(command.replace(/(?<!\\)%.*$/s, ''));
  }
  return out.length > 0 ? out.join('\n') : null;
}

const MAKEFILE = /(^|\/)(GNUmakefile|makefile|Makefile|[^/]+\.mk)$/;

/**
 * A Makefile as the shell sees its recipes: make passes `$$` to the shell as `$` (`rm -rf
 * $$HOME` runs `rm -rf $HOME`). make's own `$(…)` and `${…}` stay, read by the shell as expansions
 * known only at run time.
 */
export function makeRecipeText(text: string): string {
  return text.replace(/\$\$/g, '$');
}

/** Project files whose recipes the project's own tools run as shell (`make`, `just`). */
const RECIPE_FILE = /(^|\/)(GNUmakefile|makefile|Makefile|[^/]+\.mk|justfile|Justfile|\.justfile)$/;

/**
 * The shell text that writing `text` to `path` sets up to run later, or null: start-up files and
 * hooks run it as written, a Makefile's or justfile's recipes are shell lines, and a package.json
 * runs its `scripts` (npm test, npm install's lifecycle scripts) — read from the JSON when it parses.
 */
export function laterScript(path: string, text: string): string | null {
  if (MAKEFILE.test(path)) return makeRecipeText(text);
  if (runsLater(path) || RECIPE_FILE.test(path)) return text;
  // A program put on PATH runs when its name is typed: as shell without a shebang or with a shell's.
  if (PATH_PROGRAM.test(path.replace(/^\$HOME(?=\/)|^\$\{HOME\}(?=\/)/, '~'))) {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
    const interpreter = shebang ? (shebang[1]?.endsWith('/env') ? shebang[2] : shebang[1]) : 'sh';
    return /(^|\/)(ba|da|z|k|mk)?sh$/.test(interpreter ?? '') ? text : null;
  }
  const cron = CRON_FILE.exec(path);
  if (cron) return cronCommands(text, cron[1] !== undefined);
  if (!/(^|\/)package\.json$/.test(path)) return null;
  try {
    const json: unknown = JSON.parse(text);
    const scripts = (json as { scripts?: unknown } | null)?.scripts;
    if (!scripts || typeof scripts !== 'object') return null;
    const lines = Object.values(scripts as Record<string, unknown>).filter(
      (v): v is string => typeof v === 'string',
    );
    return lines.length > 0 ? lines.join('\n') : null;
  } catch {
    return null;
  }
}
