/** Inline code → what it does (code/types.ts), with the injected grammars. Never throws. */
import { javascriptEndlessLoops, pythonEndlessLoops } from './endlessLoops.js';
import { javascriptActions } from './javascript.js';
import { phpActions } from './php.js';
import { pythonActions } from './python.js';
import { rubyActions } from './ruby.js';
import type { CodeAction, CodeAnalysis, CodeLanguage, CodeParsers } from './types.js';

/** Code given as a literal to exec()/eval() is read in turn, this deep at most. */
const MAX_NESTING = 3;
/** Longer code is not read (the shell layer's input limit is 64 KiB; a probe's file may be longer). */
export const MAX_CODE_LENGTH = 256 * 1024;

export function analyzeCode(
  parsers: CodeParsers,
  language: CodeLanguage,
  text: string,
  depth = 0,
): CodeAnalysis {
  const parser = parsers[language];
  if (!parser || text.length > MAX_CODE_LENGTH || depth > MAX_NESTING) return { parsed: false, actions: [] };
  let tree;
  try {
    tree = parser.parse(text);
  } catch {
    return { parsed: false, actions: [] };
  }
  if (!tree) return { parsed: false, actions: [] };
  try {
    if (tree.rootNode.hasError) return { parsed: false, actions: [] };
    let nestedFailed = false;
    const nested = (lang: CodeLanguage, code: string): CodeAction[] => {
      const inner = analyzeCode(parsers, lang, code, depth + 1);
      if (!inner.parsed) {
        nestedFailed = true;
        return [
          { kind: 'dynamic', call: code.slice(0, 60), why: `runs ${lang} code that could not be read` },
        ];
      }
      return inner.actions;
    };
    const actions =
      language === 'python'
        ? pythonActions(tree.rootNode, nested)
        : language === 'ruby'
          ? rubyActions(tree.rootNode, nested)
          : language === 'php'
            ? phpActions(tree.rootNode, nested)
            : javascriptActions(tree.rootNode, nested);
    if (language === 'python') actions.push(...pythonEndlessLoops(tree.rootNode));
    else if (language === 'javascript') actions.push(...javascriptEndlessLoops(tree.rootNode));
    return { parsed: !nestedFailed || actions.length > 0, actions };
  } catch {
    return { parsed: false, actions: [] };
  } finally {
    tree.delete();
  }
}

export type { CodeAction, CodeAnalysis, CodeLanguage, CodeParsers, TreeParser } from './types.js';
