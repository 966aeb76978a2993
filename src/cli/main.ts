/**
 * `expacti <command>`: dispatches to one lazily imported module per command (commands.ts), so
 * that a command loads only what it uses. Nothing here may throw past the user: an unexpected
 * failure is one line naming it (the stack only with EXPACTI_DEBUG=1), exit 70.
 */
import { EXIT } from '../protocol/exitCodes.js';
import { COMMANDS } from './commands.js';
import { VERSION } from '../version.js';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: expacti <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    '  -h, --help     show this help (after a command: that command’s help)',
    '  -V, --version  print the version',
    '',
    'example:',
    '  expacti run -- npm test',
    '',
    'expacti <command> --help shows each command’s usage, options and an example.',
    'Docs: docs/ (exit codes: docs/exit-codes.md).',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage());
    return EXIT.usage;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && COMMANDS[topic]) return (await COMMANDS[topic].load()).main(['--help']);
    process.stdout.write(usage());
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`expacti ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    process.stderr.write(
      `expacti: ${what}\nusage: expacti <command> [options]   (expacti --help lists the commands)\n`,
    );
    return EXIT.usage;
  }
  const mod = await command.load();
  return mod.main(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.env['EXPACTI_DEBUG'] === '1';
    const what =
      error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(
      `expacti: internal error: ${what}\n${debug ? '' : 'expacti: set EXPACTI_DEBUG=1 for the stack trace, and please report it\n'}`,
    );
    process.exitCode = EXIT.software;
  },
);
