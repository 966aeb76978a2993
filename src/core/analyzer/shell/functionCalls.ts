/**
 * A call of a shell function defined earlier in the same command (`f() { rm -rf "$1"; }; f /`):
 * the body with the call's arguments in place of its positional parameters, so it can be parsed
 * and judged as what this call runs. The body is also walked as written (with `$1` unknown, at
 * least high), so this only adds what the arguments make of it; it never replaces that reading.
 */
import type { SimpleCommand } from '../types.js';
import type { Extraction } from './extraction.js';
import { quoteWord } from './quote.js';

/** `"` inside double quotes keeps these special; a value put there has them escaped. */
const inDoubleQuotes = (value: string) => value.replace(/[\\"$`]/g, (c) => `\\${c}`);

/**
 * `body` with `$1`…`$9`, `${1}`…, `$@`, `$*` (and their double-quoted forms) replaced by `args`;
 * text inside single quotes is left as it is. Expansions with operators (`${1:-x}`) stay unknown.
 */
export function substitutePositional(body: string, args: readonly string[], zero?: string): string {
  let out = '';
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\' && quote !== "'") {
      out += c + (body[i + 1] ?? '');
      i++;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = null;
      out += c;
      continue;
    }
    if (c === "'" && quote === null) {
      quote = "'";
      out += c;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? null : '"';
      out += c;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const m = (zero === undefined ? /^\$(?:([1-9@*])|\{([1-9@*])\})/ : /^\$(?:([0-9@*])|\{([0-9@*])\})/).exec(
      body.slice(i),
    );
    if (!m) {
      out += c;
      continue;
    }
    const which = (m[1] ?? m[2]) as string;
    const values =
      which === '@' || which === '*'
        ? [...args]
        : which === '0'
          ? [zero as string]
          : [args[Number(which) - 1] ?? ''];
    out +=
      quote === '"'
        ? inDoubleQuotes(values.join(' '))
        : values.length === 0
          ? "''"
          : values.map(quoteWord).join(' ');
    i += m[0].length - 1;
  }
  return out;
}

/** The body `cmd` runs when it calls a function defined earlier here, arguments substituted. */
export function functionCall(x: Extraction, cmd: SimpleCommand): { name: string; text: string } | null {
  const name = cmd.program;
  const first = cmd.argv[0];
  if (name === null || x.functions.size === 0 || !first || first.value !== name) return null;
  const body = x.functions.get(name);
  if (body === undefined) return null;
  const args = cmd.argv.slice(1);
  // Arguments known only when it runs keep the body's own reading (`$1` unknown): nothing to add.
  if (args.some((w) => w.dynamic.some((d) => d !== 'tilde'))) return null;
  const text = substitutePositional(
    body,
    args.map((w) => w.value),
  );
  // A body without positional parameters was judged as written; a function already being read
  // (`:(){ :|:& };:` calls itself) is not read again.
  if (text === body || x.expanding.has(name)) return null;
  return { name, text };
}
