/**
 * Hidden characters in a command (what protocol/displayText.ts escapes for display) as a finding of
 * their own: the reviewer is told, the tier is at least medium, and no wildcard whitelist entry
 * can allow the command (core/whitelist reads the finding). Characters a quoted literal plainly
 * needs (a tab or a no-break space in a string, the joiner inside an emoji, RTL marks beside RTL
 * letters, letters of another script) are data, not a finding.
 *
 * High: a character a terminal acts on (CR, backspace, ESC sequences, other controls), a bidi
 * override or isolate, or a line separator — anywhere, since each can make text overprint, vanish
 * or reorder (`rm -rf ~/x # ESC[2K CR ls -la` shows as `ls -la`); and any hidden character in a
 * program name (`rм` with a Cyrillic м is not rm). Medium: the rest.
 */
import { describeChar, hiddenCharacters, type HiddenChar } from '../../../protocol/displayText.js';
import type { Tier } from '../../../protocol/index.js';
import type { Finding, SimpleCommand } from '../types.js';
import type { SyntaxNode } from './syntaxTree.js';
import { TEXT_HIDDEN } from './findingCodes.js';

/** Where a character sits: inside a quoted literal or heredoc body, in a comment, or bare. */
type Where = 'literal' | 'comment' | 'bare';

const LITERALS = new Set(['string', 'raw_string', 'ansi_c_string', 'translated_string', 'heredoc_body']);
const CODE = new Set(['command_substitution', 'process_substitution', 'expansion', 'arithmetic_expansion']);
const JOINERS = new Set([0x200c, 0x200d, 0xfe0e, 0xfe0f]);
const RTL_MARKS = new Set([0x200e, 0x200f, 0x061c]);
const NON_ASCII = /[^\p{ASCII}]/u;
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}]/u;

function whereIn(root: SyntaxNode, index: number): Where {
  let where: Where = 'bare';
  let node: SyntaxNode | undefined = root;
  while (node) {
    if (node.type === 'comment') return 'comment';
    if (LITERALS.has(node.type)) where = 'literal';
    else if (CODE.has(node.type)) where = 'bare';
    node = node.children.find((c) => c.startIndex <= index && index < c.endIndex);
  }
  return where;
}

function neighbours(text: string, h: HiddenChar): string {
  return text.slice(Math.max(0, h.index - 2), h.index) + text.slice(h.index + 1, h.index + 3);
}

/** The tier one hidden character earns where it sits, or null when the literal plainly needs it. */
function tierOf(h: HiddenChar, where: Where, text: string): Tier | null {
  const cp = h.codePoint;
  if (h.kind === 'bracket') return null;
  const acts =
    (h.kind === 'control' && cp !== 0x09) ||
    (h.kind === 'bidi' && !RTL_MARKS.has(cp)) ||
    cp === 0x2028 ||
    cp === 0x2029;
  if (acts) return cp === 0x0d && where === 'literal' && text[h.index + 1] === '\n' ? null : 'high';
  if (where !== 'literal') return 'medium';
  if (cp === 0x09 || h.kind === 'space' || h.kind === 'mark' || h.kind === 'lookalike') return null;
  if (JOINERS.has(cp) && NON_ASCII.test(neighbours(text, h))) return null;
  if (RTL_MARKS.has(cp) && RTL.test(neighbours(text, h))) return null;
  return 'medium';
}

interface Found {
  h: HiddenChar;
  where: Where | 'argument';
  tier: Tier;
}

function listChars(found: Found[]): string {
  const names = [...new Set(found.map((f) => describeChar(f.h.codePoint, f.h.kind)))];
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}

const WHERE_WORDS: Record<Found['where'], string> = {
  literal: 'inside quotes',
  comment: 'in a comment',
  bare: 'between or inside words',
  argument: 'in an argument',
};

/**
 * The hidden-characters finding of a command, or null. `root` is the parsed shell text; for argv
 * input pass the argv instead (each word is a literal, nothing is a comment).
 */
export function hiddenTextFinding(
  source: { text: string; root: SyntaxNode | null } | { argv: readonly string[] },
  commands: readonly SimpleCommand[],
): Finding | null {
  const found: Found[] = [];
  if ('argv' in source) {
    source.argv.forEach((word, i) => {
      if (i === 0) return; // the program is judged below, from the commands
      for (const h of hiddenCharacters(word)) {
        const tier = tierOf(h, 'literal', word);
        if (tier) found.push({ h, where: 'argument', tier });
      }
    });
  } else {
    for (const h of hiddenCharacters(source.text)) {
      const where = source.root ? whereIn(source.root, h.index) : 'bare';
      const tier = tierOf(h, where, source.text);
      if (tier) found.push({ h, where, tier });
    }
  }
  const programs = new Set<string>();
  for (const cmd of commands) {
    const names = [cmd.argv[0]?.value, ...cmd.wrappers.map((w) => w.words[0])];
    for (const name of names) if (name && hiddenCharacters(name).length > 0) programs.add(name);
  }
  if (found.length === 0 && programs.size === 0) return null;

  const parts: string[] = [];
  if (programs.size > 0) {
    const shown = [...programs].map((p) => `\`${p}\``).join(', ');
    parts.push(
      `the program name ${shown} contains characters that are invisible or look like others: it is not the program it appears to be`,
    );
  }
  const byWhere = new Map<Found['where'], Found[]>();
  for (const f of found) byWhere.set(f.where, [...(byWhere.get(f.where) ?? []), f]);
  for (const [where, list] of byWhere) parts.push(`${listChars(list)} ${WHERE_WORDS[where]}`);
  const high = programs.size > 0 || found.some((f) => f.tier === 'high');
  return {
    code: TEXT_HIDDEN,
    message: `hidden characters that a terminal would not show as written (${parts.join('; ')}): they can make the command look like another one; every expacti view shows them escaped, read it that way`,
    tier: high ? 'high' : 'medium',
  };
}
