/**
 * The canonical form of a shell script: shell text in which every word is quoted canonically,
 * statements are separated by `; `, operators by single spaces, and heredoc bodies follow the
 * line. Two scripts have the same canonical form only if bash reads them the same way. When unsure,
 * the form keeps what was written (so the scripts differ): expansions stay as written, a quoted or
 * escaped program name stays quoted (`\rm` bypasses aliases), `./x` stays `./x`.
 */
import type { SyntaxNode as Node } from './syntaxTree.js';
import { commandParts, redirectExtras, redirectTarget, wordRaw } from './commandParts.js';
import { knownOutput } from './knownOutput.js';
import { resolveWord, type WordScope } from './words.js';
import { normalizeArgv } from '../options/normalize.js';
import { quoteWord } from './quote.js';

const STATEMENTS = new Set([
  'command',
  'declaration_command',
  'unset_command',
  'variable_assignments',
  'redirected_statement',
  'pipeline',
  'list',
  'subshell',
  'compound_statement',
  'if_statement',
  'while_statement',
  'until_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'function_definition',
  'negated_command',
  'test_command',
]);
/** An assignment is a statement of its own in a statement list (elsewhere it is a word). */
const ASSIGNMENTS = new Set(['variable_assignment', 'variable_assignments']);
const LISTS = new Set([
  'program',
  'list',
  'pipeline',
  'compound_statement',
  'subshell',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'until_statement',
  'case_item',
  'negated_command',
  'command_substitution',
  'process_substitution',
]);
/** Nodes whose tokens belong to the enclosing construct. */
const TRANSPARENT = new Set(['elif_clause', 'else_clause', 'do_group']);
const CLOSERS = new Set(['then', 'do', 'done', 'fi', 'elif', 'else', 'esac', '}']);
const SEPARATORS = new Set([
  ';',
  '&',
  '&&',
  '||',
  '|',
  '|&',
  '!',
  'then',
  'do',
  'else',
  '{',
  '(',
  'in',
  ';;',
  ')',
]);

/** A redirect target that starts with an operator character needs a space after the operator. */
export function spaced(target: string): string {
  return /^[<>&|(-]/.test(target) ? ' ' + target : target;
}

interface Tok {
  kind: 'kw' | 'stmt' | 'word';
  text: string;
  /** Heredoc bodies the statement opened: they follow the line it ends (see join). */
  heredocs?: string[];
}

/** Words of a node in canonical quoting. */
export function canonicalWord(
  nodes: readonly Node[],
  position: 'program' | 'argument' | 'assignment',
): string {
  return resolveWord(nodes, position, wordScope, wordRaw(nodes)).facts.word.canonical ?? '';
}

class Renderer {
  /** Heredoc bodies waiting for the end of the line. */
  readonly heredocs: string[] = [];

  script(node: Node): string {
    const text = this.join(this.tokens(node, []));
    return this.flush(text);
  }

  flush(text: string): string {
    if (this.heredocs.length === 0) return text;
    const out = text + '\n' + this.heredocs.join('');
    this.heredocs.length = 0;
    return out;
  }

  tokens(node: Node, out: Tok[]): Tok[] {
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child || child.type === 'comment') continue;
      if (!child.isNamed) out.push({ kind: 'kw', text: child.type });
      else if (TRANSPARENT.has(child.type)) this.tokens(child, out);
      else if (STATEMENTS.has(child.type) || (ASSIGNMENTS.has(child.type) && LISTS.has(node.type))) {
        const before = this.heredocs.length;
        const tok: Tok = { kind: 'stmt', text: this.statement(child) };
        if (this.heredocs.length > before) tok.heredocs = this.heredocs.splice(before);
        out.push(tok);
      } else out.push({ kind: 'word', text: this.other(child) });
    }
    return out;
  }

  /**
   * Tokens as one line, statements separated by `; `. A statement that opened heredocs ends its
   * line instead (`cat > f <<'EOF'` newline, body, delimiter, then the next statement): bash reads
   * that the same, and tree-sitter cannot read `<<EOF; next` followed by the body.
   */
  join(tokens: readonly Tok[]): string {
    let out = '';
    let last: Tok | null = null;
    let bodies: string[] = [];
    const sep = (): boolean =>
      last === null ||
      (last.kind === 'kw' && SEPARATORS.has(last.text)) ||
      (last.kind === 'word' && /;;&?$|;&$/.test(last.text));
    const separate = (): void => {
      if (bodies.length > 0) {
        out += '\n' + bodies.join('');
        bodies = [];
        last = { kind: 'kw', text: ';' };
      } else if (!sep()) out += ';';
    };
    for (const tok of tokens) {
      if (tok.kind === 'kw' && (tok.text === ';' || tok.text === '\n')) {
        separate();
        last = { kind: 'kw', text: ';' };
        continue;
      }
      if (tok.kind === 'kw' && tok.text === '&') {
        out += ' &';
        last = tok;
        continue;
      }
      if ((tok.kind === 'kw' && CLOSERS.has(tok.text)) || (tok.kind === 'stmt' && last?.kind === 'stmt')) {
        separate();
      }
      out += (out === '' || out.endsWith('\n') ? '' : ' ') + tok.text;
      if (tok.heredocs) bodies.push(...tok.heredocs);
      last = tok;
    }
    // Bodies of the last statement wait for the end of the enclosing line.
    this.heredocs.push(...bodies);
    return out.replace(/;$/, '');
  }

  statement(node: Node): string {
    switch (node.type) {
      case 'command':
        return this.command(node);
      case 'compound_statement':
        if (node.child(0)?.type === '((') return node.text;
        return this.join(this.tokens(node, []));
      case 'c_style_for_statement':
        return this.cStyleFor(node);
      case 'test_command':
        return this.flat(node);
      case 'function_definition': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        return `${name ? canonicalWord([name], 'argument') : ''}() ${body ? this.statement(body) : ''}`;
      }
      case 'redirected_statement':
        return this.redirected(node);
      case 'variable_assignment':
        return this.assignment(node);
      case 'variable_assignments':
        return node.namedChildren
          .map((c) => (c.type === 'variable_assignment' ? this.assignment(c) : this.other(c)))
          .join(' ');
      default:
        return this.join(this.tokens(node, []));
    }
  }

  cStyleFor(node: Node): string {
    const body = node.childForFieldName('body');
    const headEnd = body ? body.startIndex - node.startIndex : node.text.length;
    const head = node.text.slice(0, headEnd).replace(/[;\s]+$/, '');
    return head + '; ' + (body ? this.join(this.tokens(body, [])) : '');
  }

  /** Expressions ([[ … ]]): every token in order, words canonical. */
  flat(node: Node): string {
    const out: string[] = [];
    const visit = (n: Node): void => {
      if (!n.isNamed) out.push(n.type);
      else if (/expression$/.test(n.type)) {
        for (const c of n.children) if (c) visit(c);
      } else out.push(this.other(n));
    };
    for (const c of node.children) if (c) visit(c);
    return out.join(' ');
  }

  other(node: Node): string {
    if (node.type === 'variable_assignment') return this.assignment(node);
    if (node.type === 'case_item') return this.caseItem(node);
    if (node.type === 'heredoc_body' || node.type === 'heredoc_end' || node.type === 'heredoc_start')
      return '';
    return canonicalWord([node], 'argument');
  }

  caseItem(node: Node): string {
    const patterns: string[] = [];
    const body: Tok[] = [];
    let term = ';;';
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'value') patterns.push(canonicalWord([child], 'argument'));
      else if (field === 'termination' || field === 'fallthrough') term = child.type;
      else if (child.isNamed && child.type !== 'comment') {
        body.push(
          STATEMENTS.has(child.type)
            ? { kind: 'stmt', text: this.statement(child) }
            : { kind: 'word', text: this.other(child) },
        );
      } else if (child.type === ';') body.push({ kind: 'kw', text: ';' });
    }
    return `${patterns.join(' | ')}) ${this.join(body)} ${term}`;
  }

  assignment(node: Node): string {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    const op = node.children.find((c) => c && !c.isNamed && (c.type === '=' || c.type === '+='))?.type ?? '=';
    return `${name?.text ?? ''}${op}${value ? canonicalWord([value], 'assignment') : ''}`;
  }

  /** `outer`: redirects of the enclosing statement (their trailing words are arguments). */
  command(node: Node, outer: Node[] = []): string {
    const parts = commandParts(node);
    parts.words.push(...redirectExtras(outer));
    const out: string[] = parts.assignments.map((a) => this.assignment(a));
    // Spellings the option table proves equal share one form (options/normalize.ts).
    const words = parts.words.map(
      (w, i) => resolveWord(w, i === 0 ? 'program' : 'argument', wordScope, wordRaw(w)).facts.word,
    );
    const normal = normalizeArgv(words);
    if (normal) out.push(...normal.map((w) => w.canonical ?? quoteWord(w.value)));
    else parts.words.forEach((w, i) => out.push(canonicalWord(w, i === 0 ? 'program' : 'argument')));
    for (const r of [...parts.redirects, ...outer]) out.push(this.redirect(r));
    return out.join(' ');
  }

  redirected(node: Node): string {
    const body = node.childForFieldName('body');
    const redirects: Node[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (child && child.isNamed && child.type !== 'comment' && node.fieldNameForChild(i) !== 'body')
        redirects.push(child);
    }
    if (body?.type === 'command') return this.command(body, redirects);
    const extras = redirectExtras(redirects).map((w) => canonicalWord(w, 'argument'));
    return [body ? this.statement(body) : '', ...redirects.map((r) => this.redirect(r)), ...extras]
      .filter((t) => t !== '')
      .join(' ');
  }

  redirect(node: Node): string {
    if (node.type === 'heredoc_redirect') return this.heredoc(node);
    let out = '';
    const target = node.type === 'file_redirect' ? redirectTarget(node).target : null;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'descriptor') out += child.text;
      else if (!child.isNamed) out += child.type;
      else if (target === null) out += spaced(canonicalWord([child], 'argument'));
    }
    if (target && target.length > 0) out += spaced(canonicalWord(target, 'argument'));
    return out;
  }

  heredoc(node: Node): string {
    let op = '<<';
    let quoted = false;
    let body = '';
    let strip = false;
    const rest: Tok[] = [];
    const redirects: string[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === '<<-') strip = true;
      else if (child.type === '<<') continue;
      else if (child.type === 'heredoc_start') quoted = /['"\\]/.test(child.text);
      else if (child.type === 'heredoc_body') body = child.text;
      else if (child.type === 'heredoc_end') continue;
      else if (field === 'redirect') redirects.push(this.redirect(child));
      else if (!child.isNamed) rest.push({ kind: 'kw', text: child.type });
      else if (STATEMENTS.has(child.type)) rest.push({ kind: 'stmt', text: this.statement(child) });
    }
    if (strip) body = body.replace(/^\t+/gm, '');
    let delimiter = 'EOF';
    for (let n = 1; new RegExp(`^${delimiter}$`, 'm').test(body); n++) delimiter = `EOF${n}`;
    this.heredocs.push(body + delimiter + '\n');
    op += quoted ? `'${delimiter}'` : delimiter;
    const tail = this.join(rest);
    return [op, ...redirects, tail].filter((s) => s !== '').join(' ');
  }
}

/** Canonical text of the script inside a substitution; its heredocs stay inside it. */
function renderInner(node: Node): string {
  const r = new Renderer();
  const tokens = r
    .tokens(node, [])
    .filter((t) => !(t.kind === 'kw' && ['$(', '`', ')', '<(', '>('].includes(t.text)));
  const text = r.join(tokens);
  return r.heredocs.length > 0 ? r.flush(text) : text;
}

export const wordScope: WordScope = { renderInner, known: knownOutput };

/** The canonical form of a parsed script (the root node of its tree). */
export function canonicalScript(root: Node): string {
  return new Renderer().script(root);
}
