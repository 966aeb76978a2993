/**
 * Stable codes of the findings the shell layer emits (Finding.code). The risk rule table maps them
 * to tiers; each finding also carries its own minimum tier (Finding.tier), listed here.
 * `command` is set on a finding when it concerns one entry of Analysis.commands.
 */

/** The tree has ERROR or MISSING nodes: parsed = false. Minimum tier: high. */
export const PARSE_ERROR = 'parse.error';
/** Input over 64 KiB: not parsed. parsed = false. Minimum tier: high. */
export const LIMIT_SIZE = 'limit.size';
/** Syntax nesting or wrapper unwrapping deeper than the bound: parsed = false. Minimum tier: high. */
export const LIMIT_DEPTH = 'limit.depth';
/** More simple commands than the bound: parsed = false. Minimum tier: high. */
export const LIMIT_COMMANDS = 'limit.commands';

/**
 * The program cannot be known before it runs: `$CMD x`, `` `echo rm` -rf ~ ``, `eval "$X"`,
 * `sh -c "$X"`, `xargs` with no command from a dynamic source, `find -exec $X`. Minimum tier: high.
 */
export const EXEC_DYNAMIC_COMMAND = 'exec.dynamic-command';
/**
 * Arithmetic (`$((n))`, `((n))`, `let n`, `[[ n -eq 1 ]]`) evaluates a variable the input set to a
 * literal holding a substitution (`n='a[$(rm -rf ~)]'`): the substitution runs. Minimum tier: high.
 */
export const EXEC_ARITHMETIC = 'exec.arithmetic-substitution';
/**
 * Code handed to an interpreter or an exec-capable option: `python -c`, `node -e`, `perl -e`,
 * `ruby -e`, awk with system()/pipes, sed `e`/`w`/`W`, `tar --checkpoint-action=exec`, `rg --pre`,
 * `git -c core.pager=…` (and core.fsmonitor, core.sshCommand, alias.*, …), `less`/`vim` escapes,
 * `python3 -` reading a script from stdin. Minimum tier: high.
 */
export const EXEC_ARBITRARY_CODE = 'exec.arbitrary-code';
/**
 * Text decoded or transformed and piped into a shell or interpreter: `base64 -d | sh`,
 * `xxd -r -p | bash`, `rev | sh`, `tr … | sh`, `printf '\x72m' | bash`. Unknown code.
 * Minimum tier: critical.
 */
export const EXEC_DECODED_PIPE = 'exec.decoded-pipe';
/**
 * A shell or interpreter reads its program from a pipe (not decoded text): `curl … | sh`,
 * `cat x.sh | bash`, `wget -O- … | python3`. The upstream programs are in SimpleCommand.pipeline.
 * Minimum tier: high (the risk table raises curl/wget upstream to critical).
 */
export const EXEC_STDIN_SCRIPT = 'exec.stdin-script';
/**
 * A shell runs a script file (`bash ./x.sh`, `sh x`, `source x`, `. x`): its content is not visible
 * here. Minimum tier: medium.
 */
export const EXEC_SCRIPT_FILE = 'exec.script-file';
/** The command runs somewhere else (ssh host CMD, docker exec, kubectl exec): see Wrapper.remote. No minimum. */
export const EXEC_REMOTE = 'exec.remote';
/** `find … -delete`. Minimum tier: medium (risk rules grade by the search root). */
export const FIND_DELETE = 'find.delete';
/**
 * Characters a terminal would not show as written (controls, bidi, invisible, lookalikes): see
 * shell/hiddenText.ts. Medium; high for characters that overprint or reorder text and for a
 * program name that is not what it looks like. Such a command is never allowed by a wildcard.
 */
export const TEXT_HIDDEN = 'text.hidden-characters';
/**
 * Inline code (python -c, node -e, a heredoc into `python3 -`) was read with its grammar: what it
 * does is in the commands parsed out of it and the findings below. Minimum tier: none (safe).
 */
export const CODE_READ = 'code.read';
/** Inline code calls a library function whose effect is not known here. Minimum tier: medium. */
export const CODE_OPAQUE = 'code.opaque';
/** Inline code computes or writes locally through a library (data frames, archives). Minimum tier: low. */
export const CODE_LOCAL = 'code.local';
/** A command calls a shell function the same text defined (judged where defined). Minimum tier: safe. */
export const FUNCTION_CALL = 'shell.function-call';
/** Inline code loops forever (code/endlessLoops.ts). Minimum tier: medium. */
export const CODE_ENDLESS = 'code.endless-loop';
