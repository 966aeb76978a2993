/**
 * Unwrapping: a command that runs another command (sudo, env, sh -c, xargs, find -exec, ssh, …)
 * is replaced by what it runs, with the wrapper kept in SimpleCommand.wrappers; recursively, up to
 * a depth bound. The final commands get their code-execution findings here.
 */
import { otherWordReading } from './wordReadings.js';
import {
  withCertainVariables,
  withKnownAlias,
  withKnownVariables,
  withLoopValues,
} from './knownVariables.js';
import type { SimpleCommand, Word } from '../types.js';
import { foldCommandCase, programOf } from './buildCommand.js';
import { codeFindings } from './codeExec.js';
import { Extraction, type Frame } from './extraction.js';
import { laterScript, laterTexts, makeRecipeText, type LaterText } from './laterText.js';
import {
  EXEC_DECODED_PIPE,
  EXEC_DYNAMIC_COMMAND,
  EXEC_REMOTE,
  EXEC_STDIN_SCRIPT,
  FIND_DELETE,
  FUNCTION_CALL,
  LIMIT_DEPTH,
} from './findingCodes.js';
import { SHELLS, shellArgs } from './shellWrappers.js';
import { SHELL_LIMITS } from './limits.js';
import { unwrapOnce } from './wrappers.js';
import { codeInto } from './codeCommands.js';
import { inlineCode } from './inlineCode.js';
import { pipeInput } from './pipeText.js';
import { recordWrites, writtenScriptRun, writtenSqlRun } from './writtenScripts.js';
import { functionCall } from './functionCalls.js';
import { wrapperOf, type Unwrapped } from './unwrapped.js';
import { pipedRemoveItem, pipedStopProcess } from './powershell.js';
import { listingGlob, xargsOverFind, xargsOverListing, xargsWithInput } from './xargsInput.js';
import { PARALLEL_VALUE } from './runners.js';
import { scanOptions } from './options.js';

export type WalkScript = (x: Extraction, text: string, frame: Frame) => void;

function describe(cmd: SimpleCommand): string {
  return cmd.argv.map((w) => w.raw).join(' ');
}

/**
 * Records a command that is not a wrapper, with its findings; inline code it carries (python -c,
 * node -e, a heredoc into `python3 -`) is read with its grammar and what it does recorded after it.
 */
function finish(
  x: Extraction,
  cmd: SimpleCommand,
  frame: Frame,
  walkScript: WalkScript,
  depth: number,
): number | null {
  const index = x.push(cmd);
  if (index === null) return null;
  const unwrap = (y: Extraction, c: SimpleCommand, f: Frame, d: number) => unwrapInto(y, c, f, walkScript, d);
  const nested = depth <= SHELL_LIMITS.maxUnwrapDepth;
  const written = nested ? writtenScriptRun(x, cmd) : null;
  const code = written
    ? written.language === 'shell'
      ? null
      : {
          language: written.language,
          text: written.text,
          partial: false,
          via: `${written.path} (written above)`,
        }
    : inlineCode(cmd, () => pipeInput(x.commands, cmd, index));
  const codeRead = code !== null && nested && codeInto(x, cmd, index, code, frame, depth, unwrap, walkScript);
  if (written?.language === 'shell') {
    // The script was written by an earlier command here: what runs is what it says.
    walkScript(x, written.text, {
      ...frame,
      wrappers: [
        ...cmd.wrappers,
        { ...wrapperOf(cmd.program ?? '?', cmd.argv), text: true, code: `${written.path} (written above)` },
      ],
      assignments: cmd.assignments,
      redirects: cmd.redirects,
      pipeline: cmd.pipeline,
      span: cmd.span,
      offset: 0,
      unwrapDepth: depth + 1,
      heredoc: false,
    });
  }
  if (cmd.program !== null && x.functions.has(cmd.program) && cmd.argv[0]?.value === cmd.program)
    x.find(
      FUNCTION_CALL,
      `calls the function ${cmd.program} defined above (its body is judged where it is defined)`,
      'safe',
      index,
    );
  const call = nested ? functionCall(x, cmd) : null;
  if (call) {
    x.expanding.add(call.name);
    walkLater(
      x,
      cmd,
      frame,
      walkScript,
      depth,
      { source: `the function ${call.name}`, text: call.text },
      'runs',
    );
    x.expanding.delete(call.name);
  }
  const sql = nested ? writtenSqlRun(x, cmd) : null;
  if (sql)
    walkLater(
      x,
      cmd,
      frame,
      walkScript,
      depth,
      { source: `${sql.path} (written above)`, text: sql.shell },
      'runs',
    );
  for (const w of recordWrites(x, cmd, index)) {
    const later = laterScript(w.path, w.text);
    if (later !== null)
      walkLater(x, cmd, frame, walkScript, depth, { source: w.path, text: later }, 'runs later from');
  }
  // Command text handed to a pager, editor or git setting: judged by what it runs when it parses.
  const judged = new Map<string, 'viewer' | 'parsed'>();
  for (const t of laterTexts(cmd)) {
    const probe = probeLater(x, cmd, frame, walkScript, depth, t, 'runs through');
    if (!probe?.parsed) continue;
    // One source given twice (`man -P cat -P 'sh …'`): a single text that is more than a viewer decides.
    const key = t.source.toLowerCase();
    if (runsItsInput(probe)) judged.set(key, 'parsed');
    else if (judged.get(key) !== 'parsed')
      judged.set(
        key,
        onlyViewers(probe) || (REMOTE_SHELL_OPTIONS.has(key) && onlyPlainSsh(probe)) ? 'viewer' : 'parsed',
      );
    walkScript(x, t.text, laterFrame(cmd, frame, depth, t, 'runs through'));
  }
  const first = cmd.argv[0];
  if (first && cmd.program === null) {
    x.find(EXEC_DYNAMIC_COMMAND, `the program ${first.raw} is not known before it runs`, 'high', index);
  } else if (first && first.dynamic.length > 0) {
    x.find(
      EXEC_DYNAMIC_COMMAND,
      `the program ${first.raw} is computed when it runs (here: ${cmd.program ?? '?'})`,
      'high',
      index,
    );
  }
  for (const f of codeFindings(cmd, codeRead, judged)) x.find(f.code, f.message, f.tier, index);
  const remote = cmd.wrappers.find((w) => w.remote !== undefined);
  if (remote)
    x.find(
      EXEC_REMOTE,
      `runs on ${remote.remote ?? 'another host'} (through ${remote.program})`,
      'medium',
      index,
    );
  return index;
}

/**
 * Shell text set up to run later or elsewhere (shell/laterText.ts), judged by what it runs. Text
 * that does not parse is left to the finding that it runs code: it must not make the whole
 * command "not understood" twice over.
 */
function laterFrame(cmd: SimpleCommand, frame: Frame, depth: number, t: LaterText, how: string): Frame {
  return {
    ...frame,
    wrappers: [
      ...cmd.wrappers,
      { ...wrapperOf(cmd.program ?? '?', cmd.argv), text: true, code: `${how} ${t.source}` },
    ],
    assignments: [],
    redirects: [],
    pipeline: null,
    span: cmd.span,
    offset: 0,
    unwrapDepth: depth + 1,
    heredoc: false,
  };
}

/** The text parsed on its own (nothing recorded): whether it parses, and what it runs. */
function probeLater(
  x: Extraction,
  cmd: SimpleCommand,
  frame: Frame,
  walkScript: WalkScript,
  depth: number,
  t: LaterText,
  how: string,
): Extraction | null {
  if (depth >= SHELL_LIMITS.maxUnwrapDepth) return null;
  const probe = new Extraction(x.parser, x.code);
  walkScript(probe, t.text, laterFrame(cmd, frame, depth, t, how));
  return probe;
}

/** Pagers and editors: what git or man runs to show text (`PAGER=cat`, `GIT_EDITOR=true`). */
const VIEWERS = new Set([
  'cat',
  'less',
  'more',
  'most',
  'bat',
  'batcat',
  'delta',
  'diff-so-fancy',
  'true',
  ':',
  'vim',
  'vi',
  'nvim',
  'nano',
  'emacs',
  'code',
  'subl',
  'mate',
  'micro',
]);

/** Shells and interpreters with no program of their own read it from stdin: from git's output, here. */
const READS_PROGRAM = /^(sh|bash|zsh|dash|ksh|fish|ash|python[0-9.]*|node|perl|ruby|php|lua|eval|source|\.)$/;

function runsItsInput(probe: Extraction): boolean {
  return probe.commands.some(
    (c) =>
      c.program !== null &&
      READS_PROGRAM.test(c.program) &&
      c.argv.length === 1 &&
      c.wrappers.every((w) => !w.text || w.code !== undefined),
  );
}

/** Options naming the remote shell a copy tool runs (it adds the host and its own command). */
const REMOTE_SHELL_OPTIONS = new Set(['rsync -e', 'rsync --rsh', 'scp -s', 'sftp -s']);
const SSH_VALUED = new Set(['-p', '-i', '-l', '-o', '-J', '-c', '-m', '-b', '-S', '-B', '-Q', '-e']);

/**
 * `rsync -e 'ssh -p 2222'`: ssh with options only (no host, no command of its own, no option that
 * runs a local command — those are findings): the transport rsync would use anyway.
 */
function onlyPlainSsh(probe: Extraction): boolean {
  const [only] = probe.commands;
  if (probe.findings.length > 0 || probe.commands.length !== 1 || !only) return false;
  if (only.program !== 'ssh' || only.redirects.length > 0 || only.assignments.length > 0) return false;
  for (let i = 1; i < only.argv.length; i++) {
    const w = only.argv[i] as Word;
    // Not `-F` (a config file may hold a ProxyCommand) nor `-E` (it writes a log file).
    if (w.dynamic.length > 0 || !/^-[46ACTqvx]*[A-Za-z46]$/.test(w.value) || /[FE]$/.test(w.value))
      return false;
    if (SSH_VALUED.has(`-${w.value.slice(-1)}`)) i++;
  }
  return true;
}

function onlyViewers(probe: Extraction): boolean {
  return (
    probe.findings.length === 0 &&
    probe.commands.every(
      (c) =>
        c.program !== null &&
        VIEWERS.has(c.program) &&
        c.redirects.length === 0 &&
        c.assignments.length === 0 &&
        c.argv.every((w) => w.dynamic.length === 0),
    )
  );
}

function walkLater(
  x: Extraction,
  cmd: SimpleCommand,
  frame: Frame,
  walkScript: WalkScript,
  depth: number,
  t: LaterText,
  how: string,
): void {
  const probe = probeLater(x, cmd, frame, walkScript, depth, t, how);
  if (probe?.parsed) walkScript(x, t.text, laterFrame(cmd, frame, depth, t, how));
}

/**
 * A shell reading its program from a pipe whose text the analysis can compute (`echo … | sh`,
 * `echo cm0g… | base64 -d | bash`): judged by what it runs, like `sh -c`. Text that was decoded
 * on the way stays at least high (it was hidden from a plain reading).
 */
function pipedShell(
  x: Extraction,
  cmd: SimpleCommand,
  frame: Frame,
  walkScript: WalkScript,
  depth: number,
): boolean {
  const program = cmd.program;
  if (program === null || !SHELLS.has(program) || !cmd.pipeline || cmd.pipeline.index === 0) return false;
  const args = shellArgs(cmd);
  if (args.command || args.dynamic || (args.index < cmd.argv.length && !args.stdin)) return false;
  if (cmd.redirects.some((r) => r.op === '<' || r.op === '<<' || r.op === '<<-' || r.op === '<<<'))
    return false;
  const input = pipeInput(x.commands, cmd, x.commands.length);
  if (!input) return false;
  const before = x.commands.length;
  walkScript(x, input.text, {
    ...frame,
    wrappers: [...cmd.wrappers, { ...wrapperOf(program, cmd.argv), text: true }],
    assignments: cmd.assignments,
    redirects: cmd.redirects,
    pipeline: cmd.pipeline,
    span: cmd.span,
    offset: 0,
    unwrapDepth: depth + 1,
    heredoc: false,
  });
  if (x.commands.length === before) finish(x, cmd, frame, walkScript, depth);
  const at = x.commands.length > before ? before : undefined;
  if (input.decoded)
    x.find(
      EXEC_DECODED_PIPE,
      `${program} runs text decoded in the pipe: judged by what it runs, and never below high`,
      'high',
      at,
    );
  else
    x.find(EXEC_STDIN_SCRIPT, `${program} runs the text piped into it (judged by what it runs)`, 'low', at);
  return true;
}

/** xargs whose input the analysis computes: judged with its items in place (xargsInput.ts). */
function knownXargs(x: Extraction, cmd: SimpleCommand): Unwrapped | null {
  if (cmd.program !== 'xargs') return null;
  const input = pipeInput(x.commands, cmd, x.commands.length);
  if (input) return input.decoded ? null : xargsWithInput(cmd, input.text);
  const glob = listingGlob(x.commands, cmd);
  return glob ? xargsOverListing(cmd, glob) : xargsOverFind(x.commands, cmd);
}

/**
 * GNU parallel with no command and no `:::` runs the lines of its input as commands: when the
 * analysis computes that input (`printf 'make a\nmake b\n' | parallel`), they are judged.
 */
function knownParallelInput(x: Extraction, cmd: SimpleCommand): Unwrapped | null {
  if (cmd.program !== 'parallel') return null;
  const scan = scanOptions(cmd.argv, 1, { value: PARALLEL_VALUE });
  if (scan.dynamic || scan.index < cmd.argv.length) return null;
  const input = pipeInput(x.commands, cmd, x.commands.length);
  if (!input || input.decoded) return null;
  return { kind: 'script', wrapper: wrapperOf('parallel', cmd.argv), text: input.text };
}

/**
 * `make -f - <<'EOF' … EOF`: a Makefile on standard input. Its recipes are shell lines, judged as
 * written; make's own syntax (`$(shell …)`, variables) is not shell, so it never goes below high.
 */
function knownMakeInput(x: Extraction, cmd: SimpleCommand): Unwrapped | null {
  if (cmd.program !== 'make' && cmd.program !== 'gmake') return null;
  const i = cmd.argv.findIndex((w) => w.value === '-f' || w.value === '--file' || w.value === '--makefile');
  const fromStdin =
    (i > 0 && cmd.argv[i + 1]?.value === '-') || cmd.argv.some((w) => /^--(make)?file=-$/.test(w.value));
  if (!fromStdin) return null;
  const input = pipeInput(x.commands, cmd, x.commands.length);
  if (!input || input.decoded) return null;
  const consumed = cmd.redirects.find((r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<');
  return {
    kind: 'script',
    wrapper: wrapperOf(cmd.program, cmd.argv),
    text: makeRecipeText(input.text),
    partial: true,
    consumed,
  };
}

const IFS_EXPANSION = /\$\{IFS\}|\$IFS(?![A-Za-z0-9_])/;

/**
 * `rm${IFS}-rf${IFS}/`: an unquoted `$IFS` splits the word where it stands (with the default IFS).
 * The command is judged as written (a program only known at run time: high) and as split, the
 * worse reading winning: a script that changed IFS cannot make the split reading pass.
 */
function ifsSplitReading(cmd: SimpleCommand): Unwrapped | null {
  if (!cmd.argv.some((w) => w.dynamic.length > 0 && IFS_EXPANSION.test(w.raw))) return null;
  const argv: Word[] = [];
  for (const w of cmd.argv) {
    if (w.dynamic.length === 0 || !IFS_EXPANSION.test(w.raw)) {
      argv.push(w);
      continue;
    }
    for (const piece of w.raw.split(new RegExp(IFS_EXPANSION.source, 'g'))) {
      if (piece === '') continue;
      // A plain variable between the separators (`${IFS}$HOME`) stays a variable.
      const variable = /^\$\{?[A-Za-z_]\w*\}?$/.test(piece);
      if (!variable && !/^[\w@%+=:,./~-]+$/.test(piece)) return null; // quotes or other expansions: not read
      const dynamic: Word['dynamic'] = variable ? ['parameter'] : piece.startsWith('~') ? ['tilde'] : [];
      argv.push({ raw: piece, value: piece, dynamic, quoted: false, canonical: piece });
    }
  }
  if (argv.length === 0) return null;
  return { kind: 'find', execs: [{ wrapper: wrapperOf('$IFS', []), argv }], deletes: false };
}

/** `X=/; rm -rf $X`: judged as written and with the values assigned earlier (shell/knownVariables.ts). */
function knownVariableReading(x: Extraction, cmd: SimpleCommand): Unwrapped | null {
  if (cmd.wrappers.some((w) => w.program === '$VAR')) return null;
  // Values the text makes certain: judged only with them in place.
  const certain = withCertainVariables(x.commands, x.unconditional, x.functions, cmd);
  if (certain) return { kind: 'argv', argv: certain, assignments: [], wrapper: wrapperOf('$VAR', []) };
  const each = withLoopValues(x.commands, cmd);
  if (each)
    return {
      kind: 'find',
      execs: each.map((argv) => ({ wrapper: wrapperOf('$VAR', []), argv })),
      deletes: false,
      replaces: true,
    };
  const argv = withKnownVariables(x.commands, cmd);
  if (!argv) return null;
  return { kind: 'find', execs: [{ wrapper: wrapperOf('$VAR', []), argv }], deletes: false };
}

/** `alias ll='rm -rf'; ll ~/`: judged as written and with the alias expanded (shell/knownVariables.ts). */
function knownAliasReading(x: Extraction, cmd: SimpleCommand): Unwrapped | null {
  if (cmd.wrappers.some((w) => w.program === '$ALIAS')) return null;
  const argv = withKnownAlias(x.commands, cmd);
  if (!argv) return null;
  return { kind: 'find', execs: [{ wrapper: wrapperOf('$ALIAS', []), argv }], deletes: false };
}

/** Words as cmd.exe and PowerShell read them, or with an unset variable's default (shell/wordReadings.ts). */
function otherWordsReading(cmd: SimpleCommand): SimpleCommand | null {
  if (cmd.wrappers.some((w) => w.program === '$WORDS')) return null;
  const argv = otherWordReading(cmd);
  if (!argv) return null;
  return { ...cmd, argv, wrappers: [...cmd.wrappers, wrapperOf('$WORDS', [])] };
}

/**
 * `at TIME` and `batch` run the commands they read on standard input later (`echo 'rm -rf ~' | at
 * midnight`): when that input is known, they are judged now. `at -f FILE` and queue commands are not.
 */
function knownAtInput(x: Extraction, cmd: SimpleCommand): Unwrapped | null {
  if (cmd.program !== 'at' && cmd.program !== 'batch') return null;
  if (cmd.argv.some((w) => /^-[a-zA-Z]*[flrdc]/.test(w.value))) return null;
  const input = pipeInput(x.commands, cmd, x.commands.length);
  if (!input || input.decoded) return null;
  const consumed = cmd.redirects.find((r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<');
  return { kind: 'script', wrapper: wrapperOf(cmd.program, cmd.argv), text: input.text, consumed };
}

export function unwrapInto(
  x: Extraction,
  cmd: SimpleCommand,
  frame: Frame,
  walkScript: WalkScript,
  depth = frame.unwrapDepth,
): void {
  if (x.full) return;
  if (depth > SHELL_LIMITS.maxUnwrapDepth) {
    x.find(
      LIMIT_DEPTH,
      `more than ${SHELL_LIMITS.maxUnwrapDepth} wrappers inside one another: not analysed further`,
      'high',
      undefined,
      true,
    );
    finish(x, cmd, frame, walkScript, depth);
    return;
  }
  const result =
    knownXargs(x, cmd) ??
    knownParallelInput(x, cmd) ??
    knownAtInput(x, cmd) ??
    knownMakeInput(x, cmd) ??
    ifsSplitReading(cmd) ??
    knownVariableReading(x, cmd) ??
    knownAliasReading(x, cmd) ??
    pipedRemoveItem(x.commands, cmd) ??
    pipedStopProcess(x.commands, cmd) ??
    unwrapOnce(cmd);
  switch (result.kind) {
    case 'none': {
      if (pipedShell(x, cmd, frame, walkScript, depth)) return;
      finish(x, cmd, frame, walkScript, depth);
      // Its words as cmd.exe or PowerShell read them, or with an unset variable's default: judged too.
      const other = otherWordsReading(cmd);
      if (other) unwrapInto(x, other, frame, walkScript, depth + 1);
      return;
    }
    case 'argv': {
      const argv = foldCommandCase(result.argv);
      const inner: SimpleCommand = {
        ...cmd,
        argv,
        program: programOf(argv[0], null),
        assignments: [...cmd.assignments, ...result.assignments],
        wrappers: [...cmd.wrappers, result.wrapper],
      };
      unwrapInto(x, inner, frame, walkScript, depth + 1);
      return;
    }
    case 'find': {
      // Readings that replace the command (a loop's values in place) leave the written one out.
      const index = result.replaces ? null : finish(x, cmd, frame, walkScript, depth);
      if (index !== null && result.deletes)
        x.find(FIND_DELETE, 'find -delete removes every file it matches', 'medium', index);
      for (const exec of result.execs) {
        const inner: SimpleCommand = {
          ...cmd,
          argv: exec.argv,
          program: programOf(exec.argv[0], null),
          redirects: [],
          wrappers: [...cmd.wrappers, exec.wrapper],
        };
        unwrapInto(x, inner, frame, walkScript, depth + 1);
      }
      return;
    }
    case 'script': {
      if (result.text === null) {
        const index = finish(x, cmd, frame, walkScript, depth);
        if (index !== null) {
          x.find(
            EXEC_DYNAMIC_COMMAND,
            `${result.wrapper.program} runs shell text that is not known before it runs: ${describe(cmd)}`,
            'high',
            index,
          );
        }
        return;
      }
      const before = x.commands.length;
      const inner: Frame = {
        ...frame,
        wrappers: [...cmd.wrappers, { ...result.wrapper, text: true }],
        assignments: cmd.assignments,
        redirects: cmd.redirects.filter((r) => r !== result.consumed),
        pipeline: cmd.pipeline,
        span: cmd.span,
        offset: 0,
        unwrapDepth: depth + 1,
        heredoc: false,
      };
      walkScript(x, result.text, inner);
      if (x.commands.length === before) {
        // Nothing runs inside (an empty string): the wrapper itself still needs approval.
        finish(x, { ...cmd, wrappers: [...cmd.wrappers] }, frame, walkScript, depth);
      }
      if (result.partial) {
        x.find(
          EXEC_DYNAMIC_COMMAND,
          /make$/.test(result.wrapper.program)
            ? `${result.wrapper.program} runs a Makefile given on standard input: its recipes are judged, make's own syntax is not read`
            : `${result.wrapper.program} runs text with expansions that the outer shell fills in first`,
          'high',
          x.commands.length > before ? before : undefined,
        );
      }
      return;
    }
  }
}
