/**
 * Inline code read with its grammar becomes what the rest of the analysis already judges: each
 * effect is a command wrapped in the interpreter (`python3 -c … › rm -r build` for
 * `shutil.rmtree('build')`), shell text it runs is parsed like `sh -c`, and what cannot be
 * recovered is a finding (unknown code: high; an unlisted library call: medium).
 */
import { analyzeCode } from '../code/index.js';
import type { CodeAction, CodeLanguage } from '../code/types.js';
import type { SimpleCommand, Wrapper } from '../types.js';
import { programOf } from './buildCommand.js';
import type { Extraction, Frame } from './extraction.js';
import {
  CODE_ENDLESS,
  CODE_LOCAL,
  CODE_OPAQUE,
  CODE_READ,
  EXEC_ARBITRARY_CODE,
  EXEC_DECODED_PIPE,
  EXEC_DYNAMIC_COMMAND,
} from './findingCodes.js';
import type { InlineCode } from './inlineCode.js';
import { wrapperOf } from './unwrapped.js';

export type Unwrap = (x: Extraction, cmd: SimpleCommand, frame: Frame, depth: number) => void;
export type WalkScript = (x: Extraction, text: string, frame: Frame) => void;

const NAMES: Record<CodeLanguage, string> = {
  python: 'Python',
  javascript: 'JavaScript',
  ruby: 'Ruby',
  php: 'PHP',
};

function wrapperFor(cmd: SimpleCommand, action: CodeAction): Wrapper {
  return { ...wrapperOf(cmd.program ?? '?', cmd.argv), code: action.call };
}

/**
 * Reads the code an interpreter command carries (index: the command, already recorded) and records
 * what it does. Returns false when there is no grammar for it (the caller keeps the old finding).
 */
export function codeInto(
  x: Extraction,
  cmd: SimpleCommand,
  index: number,
  code: InlineCode,
  frame: Frame,
  depth: number,
  unwrap: Unwrap,
  walkScript: WalkScript,
): boolean {
  if (!x.code[code.language]) return false;
  const program = cmd.program ?? code.language;
  const what = `${program} ${code.via === 'stdin' ? 'reads a program on standard input' : `${code.via} runs code`}`;
  if (code.text === null) {
    x.find(EXEC_ARBITRARY_CODE, `${what} that is not known before it runs`, 'high', index);
    return true;
  }
  const analysis = analyzeCode(x.code, code.language, code.text);
  if (!analysis.parsed) {
    x.find(
      EXEC_ARBITRARY_CODE,
      `${what} that is not valid ${NAMES[code.language]}: not understood`,
      'high',
      index,
    );
    return true;
  }
  if (code.partial)
    x.find(
      EXEC_ARBITRARY_CODE,
      `${what} with expansions the shell fills in first (unquoted heredoc)`,
      'high',
      index,
    );
  x.find(
    CODE_READ,
    `${what}: read as ${NAMES[code.language]} (its effects are listed as commands)`,
    'safe',
    index,
  );
  const redirects = cmd.redirects.filter((r) => r !== code.consumed);
  if (analysis.actions.some((a) => a.kind === 'shell' || a.kind === 'exec'))
    x.find(CODE_LOCAL, `${program} code starts other programs (judged below)`, 'low', index);
  for (const action of analysis.actions) {
    if (x.full) return true;
    const wrapper = wrapperFor(cmd, action);
    const inner = (argv: SimpleCommand['argv']): SimpleCommand => ({
      ...cmd,
      argv,
      program: programOf(argv[0], null),
      redirects,
      wrappers: [...cmd.wrappers, wrapper],
    });
    switch (action.kind) {
      case 'command':
        unwrap(x, inner(action.argv), frame, depth + 1);
        break;
      case 'exec':
        if (action.decoded)
          x.find(
            EXEC_DECODED_PIPE,
            `${program} code decodes the program it runs (${action.call}): judged by what it runs, and never below high`,
            'high',
            index,
          );
        if (action.argv && action.argv.length > 0) unwrap(x, inner(action.argv), frame, depth + 1);
        else
          x.find(
            EXEC_DYNAMIC_COMMAND,
            `${program} code runs a program not known before it runs: ${action.call}`,
            'high',
            index,
          );
        break;
      case 'shell':
        if (action.decoded)
          x.find(
            EXEC_DECODED_PIPE,
            `${program} code decodes the shell text it runs (${action.call}): judged by what it runs, and never below high`,
            'high',
            index,
          );
        if (action.text === null) {
          x.find(
            EXEC_DYNAMIC_COMMAND,
            `${program} code runs shell text not known before it runs: ${action.call}`,
            'high',
            index,
          );
          break;
        }
        walkScript(x, action.text, {
          ...frame,
          wrappers: [...cmd.wrappers, wrapper],
          assignments: cmd.assignments,
          redirects,
          pipeline: null,
          span: cmd.span,
          offset: 0,
          unwrapDepth: depth + 1,
          heredoc: false,
        });
        break;
      case 'dynamic':
        x.find(EXEC_ARBITRARY_CODE, `${program} code ${action.why}: ${action.call}`, 'high', index);
        break;
      case 'opaque':
        x.find(
          CODE_OPAQUE,
          `${program} code calls ${action.call}, whose effect is not known here`,
          'medium',
          index,
        );
        break;
      case 'endless':
        x.find(
          CODE_ENDLESS,
          `${program} code loops forever (nothing in the loop leaves it): what it does each time adds up until it is stopped (${action.call})`,
          'medium',
          index,
        );
        break;
      case 'local':
        x.find(CODE_LOCAL, `${program} code computes or writes locally (${action.call})`, 'low', index);
        break;
    }
  }
  return true;
}
