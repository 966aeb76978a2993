/**
 * Shell command lines written as literals inside sed and awk programs: GNU sed's `e COMMAND`
 * (the rest of the line runs through the shell) and awk's `system("COMMAND")` with one string
 * literal. Read with those languages' own rules for the two constructs (sed: a command after its
 * address runs to the end of the line; awk: a C-like string literal); anything else — a computed
 * argument, `cmd | getline`, `print | "sh"` — stays "code we do not read" (high).
 */
import type { SimpleCommand, Word } from '../types.js';

/** A sed address (`1`, `$`, `/re/`, `\%re%`, `1,5`, `0~4`, with an optional `!`) at the start. */
const SED_ADDRESS =
  /^\s*(?:(?:\d+(?:~\d+)?|\$|\/(?:\\.|[^/\\])*\/I?M?|\\(.)(?:\\.|(?!\1).)*\1I?M?)(?:\s*,\s*(?:\d+|\$|\/(?:\\.|[^/\\])*\/|[+~]\d+))?)?\s*!?\s*/;

/** The commands GNU sed's `e` runs in `script` (each line's `e` takes the rest of that line). */
export function sedExecCommands(script: string): string[] {
  const out: string[] = [];
  for (const line of script.split('\n')) {
    let rest = line;
    // Commands on one line are separated by `;` until one that takes the rest of the line.
    for (let guard = 0; guard < 64 && rest.trim() !== ''; guard++) {
      const body = rest.replace(SED_ADDRESS, '');
      const m = /^e\s+(\S.*)$/s.exec(body);
      if (m) {
        out.push(m[1] as string);
        break;
      }
      // Skip to the next `;` outside a regex or s/// (a command that takes text ends the line).
      if (/^[aicrRwW]/.test(body) || body.startsWith('s') || body.startsWith('y')) break;
      const next = body.indexOf(';');
      if (next < 0) break;
      rest = body.slice(next + 1);
    }
  }
  return out;
}

/** awk's `system("…")` with a single string literal: its text, escapes decoded. */
export function awkSystemCommands(program: string): string[] {
  const out: string[] = [];
  for (const m of program.matchAll(/\bsystem\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g))
    out.push(
      (m[1] as string).replace(/\\(.)/g, (_e, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)),
    );
  return out;
}

/** The sed scripts or awk program of a command, when given literally on its command line. */
export function scriptCommands(cmd: SimpleCommand): string[] {
  const program = cmd.program;
  const literal = (w: Word | undefined) => (w && w.dynamic.length === 0 ? w.value : null);
  if (program === 'sed' || program === 'gsed') {
    const scripts: string[] = [];
    let explicit = false;
    for (let i = 1; i < cmd.argv.length; i++) {
      const v = cmd.argv[i]?.value;
      if (v === '-e' || v === '--expression') {
        explicit = true;
        const s = literal(cmd.argv[++i]);
        if (s !== null) scripts.push(s);
      } else if (v?.startsWith('--expression=')) {
        explicit = true;
        scripts.push(v.slice('--expression='.length));
      }
    }
    if (!explicit) {
      const first = cmd.argv.slice(1).find((w) => !w.value.startsWith('-'));
      const s = literal(first);
      if (s !== null) scripts.push(s);
    }
    return scripts.flatMap(sedExecCommands);
  }
  if (/^(awk|gawk|mawk|nawk)$/.test(program ?? '')) {
    let i = 1;
    while (i < cmd.argv.length && cmd.argv[i]?.value.startsWith('-'))
      i += ['-v', '-F', '-W'].includes(cmd.argv[i]?.value ?? '') ? 2 : 1;
    const text = literal(cmd.argv[i]);
    return text === null ? [] : awkSystemCommands(text);
  }
  return [];
}
