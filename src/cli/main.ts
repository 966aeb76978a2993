/**
 * `expacti <command>`: dispatches to one lazily imported module per command, so that
 * `expacti run` loads the HTTP client and nothing else (no parser, server or UI code).
 */
import { EXIT } from '../protocol/exitCodes.js';

type CommandModule = { main(args: string[]): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  serve: { summary: 'start the server', load: () => import('./serve.js') },
  run: {
    summary: 'run a command once it is allowed: run -- CMD [ARGS…] | run -c "SHELL"',
    load: () => import('./run.js'),
  },
  sh: {
    summary: "like sh -c, but asks first: sh -c 'SHELL' [NAME [ARGS…]] (also the expacti-sh bin)",
    load: () => import('./sh.js'),
  },
  hook: {
    summary: 'hook claude [--timeout S]: the Claude Code PreToolUse hook (reads its JSON on stdin)',
    load: () => import('./hook.js'),
  },
  'exec-confined': {
    summary:
      'exec-confined --request ID --plan B64 -c SHELL: run an allowed command in its scope (written by hooks)',
    load: () => import('./execConfined.js'),
  },
  mcp: { summary: 'a stdio MCP server with a gated run_command tool', load: () => import('./mcp.js') },
  init: {
    summary: 'init claude [--project|--local|--user] [--timeout S]: add the hook to Claude Code settings',
    load: () => import('./init.js'),
  },
  check: {
    summary: 'explain a command: tier, reasons, parts (--json, --jsonl)',
    load: () => import('./check.js'),
  },
  pending: { summary: 'list requests waiting for a reviewer', load: () => import('./pending.js') },
  show: { summary: 'show one request: show ID', load: () => import('./show.js') },
  approve: {
    summary: 'approve ID [--note TEXT] [--whitelist [--pattern P] [--agent A] [--ttl DUR]]',
    load: () => import('./approve.js'),
  },
  deny: { summary: 'deny ID --note TEXT', load: () => import('./deny.js') },
  whitelist: { summary: 'whitelist list | add PATTERN | remove ID', load: () => import('./whitelist.js') },
  token: { summary: 'token create --agent NAME | list | revoke ID', load: () => import('./token.js') },
  user: {
    summary: 'user add NAME [--role reviewer|admin] | list | remove NAME',
    load: () => import('./user.js'),
  },
  audit: {
    summary: 'audit verify [--against FILE] | checkpoint | export | keygen --file PATH [--rotate]',
    load: () => import('./audit.js'),
  },
  undo: {
    summary: 'undo REQUEST: restore the project as it was before a project-mode auto-allowed command',
    load: () => import('./undo.js'),
  },
  admin: {
    summary: 'admin reset [--data DIR] [--user NAME] [--clear-totp]: fresh admin password and token (local)',
    load: () => import('./admin.js'),
  },
  login: {
    summary: 'save the server URL and a token: login --url URL --token TOKEN',
    load: () => import('./login.js'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: expacti <command> [options]\n\n${lines.join('\n')}\n\nSee docs/ for each command; exit codes: docs/exit-codes.md\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? EXIT.usage : 0;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`expacti ${process.env['npm_package_version'] ?? '0.1.0'}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`expacti: unknown command "${name}"\n\n${usage()}`);
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
    process.stderr.write(
      `expacti: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = EXIT.software;
  },
);
