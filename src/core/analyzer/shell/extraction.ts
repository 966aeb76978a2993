/** The state of one shell analysis: what was found so far, and the frame a node is walked in. */
import type { Tree } from 'web-tree-sitter';
import type { SyntaxNode } from './syntaxTree.js';
import type { Tier } from '../../../protocol/index.js';
import type { Finding, Placement, Redirect, SimpleCommand, Wrapper } from '../types.js';
import { SHELL_LIMITS } from './limits.js';
import { LIMIT_COMMANDS } from './findingCodes.js';
import type { CodeParsers } from '../code/types.js';

/** The injected bash parser (a web-tree-sitter Parser with tree-sitter-bash set as its language). */
export interface ShellParser {
  parse(text: string): Tree | null;
}

/** Where the node being walked sits. Frames are immutable: derive a new one per construct. */
export interface Frame {
  placement: Placement[];
  wrappers: Wrapper[];
  pipeline: SimpleCommand['pipeline'];
  /** Env assignments of an enclosing wrapper (`X=1 bash -c '…'`): they apply to each command. */
  assignments: SimpleCommand['assignments'];
  /** Redirects of an enclosing compound (`{ a; b; } > f`) or wrapper: they apply to each command. */
  redirects: Redirect[];
  /** For commands found inside a re-parsed string (sh -c, eval, ssh): the outermost command's span. */
  span: { start: number; end: number } | null;
  /** Offset of the text being walked inside the analysed source (0 at top level). */
  offset: number;
  /** Syntax nesting below the top of the analysed source. */
  depth: number;
  /** Wrapper layers unwrapped so far. */
  unwrapDepth: number;
  /** Inside an unquoted heredoc body. */
  heredoc: boolean;
  /** Redirects (and words after them) for one node further down: see walk.ts lastElement. */
  pending: { id: number; redirects: Redirect[]; extras: SyntaxNode[][] } | null;
}

export const TOP_FRAME: Frame = {
  placement: [],
  wrappers: [],
  pipeline: null,
  assignments: [],
  redirects: [],
  span: null,
  offset: 0,
  depth: 0,
  unwrapDepth: 0,
  heredoc: false,
  pending: null,
};

export function within(frame: Frame, placement: Placement, more: Partial<Frame> = {}): Frame {
  return { ...frame, placement: [...frame.placement, placement], depth: frame.depth + 1, ...more };
}

export class Extraction {
  readonly commands: SimpleCommand[] = [];
  readonly findings: Finding[] = [];
  parsed = true;
  /** Pipelines seen so far (each gets an id its stages share). */
  pipelines = 0;
  /** Files a command of this analysis wrote with text known here (`cat > x.sh <<'EOF'`), by path. */
  readonly written = new Map<string, string>();
  /** Shell functions defined so far in the analysed text: name → body source (`{ rm -rf "$1"; }`). */
  readonly functions = new Map<string, string>();
  /** Functions whose call is being read right now (a function that calls itself is read once). */
  readonly expanding = new Set<string>();
  /**
   * Assignments that always run, in order, before what follows them: statements of the analysed
   * text's top level, separated by `;` or newlines (not inside `&&`/`||`, if, case, a loop, a
   * function, a subshell or a pipeline). See shell/knownVariables.ts certainValues.
   */
  readonly unconditional = new Set<SimpleCommand>();

  constructor(
    readonly parser: ShellParser,
    /** Grammars for inline code (python -c, node -e); without one, such code stays unknown (high). */
    readonly code: CodeParsers = {},
  ) {}

  /** Records a finding; `fatal` marks the analysis as not understood (never auto-allowed). */
  find(code: string, message: string, tier: Tier, command?: number, fatal = false): void {
    if (fatal) this.parsed = false;
    const dup = this.findings.some((f) => f.code === code && f.command === command && f.message === message);
    if (dup) return;
    const finding: Finding = { code, message, tier };
    if (command !== undefined) finding.command = command;
    this.findings.push(finding);
  }

  /** Adds a command; false (and a limit finding) when the command bound is reached. */
  push(command: SimpleCommand): number | null {
    if (this.commands.length >= SHELL_LIMITS.maxCommands) {
      this.find(
        LIMIT_COMMANDS,
        `more than ${SHELL_LIMITS.maxCommands} commands: not analysed further`,
        'high',
        undefined,
        true,
      );
      return null;
    }
    this.commands.push(command);
    return this.commands.length - 1;
  }

  get full(): boolean {
    return this.commands.length >= SHELL_LIMITS.maxCommands;
  }

  /** True (and the limit recorded) once the command bound is reached: stop walking. */
  atLimit(): boolean {
    if (!this.full) return false;
    this.find(
      LIMIT_COMMANDS,
      `more than ${SHELL_LIMITS.maxCommands} commands: not analysed further`,
      'high',
      undefined,
      true,
    );
    return true;
  }
}
