/**
 * The command table: every `expacti` command, its one-line summary, and how to load it. Each
 * command's module is imported only when it runs, so that `expacti pending` does not load the
 * server. The modules export their `spec` (usage, options, examples: args.ts) and `main`.
 *
 * run, sh, hook and exec-confined are listed here too, but bin/expacti.js sends them straight to
 * the agent bundle (dist/agent.cjs) without loading this table.
 */
import type { AnySpec } from './args.js';

export interface CommandModule {
  spec: AnySpec;
  main(args: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  serve: { summary: 'start the server', load: () => import('./serve.js') },
  run: { summary: 'run a command once it is allowed', load: () => import('./run.js') },
  sh: { summary: 'like sh -c, but asks first (also the expacti-sh bin)', load: () => import('./sh.js') },
  hook: {
    summary: 'the pre-execution hooks of agent hosts, and the read observers (--observe) (JSON on stdin)',
    load: () => import('./hook.js'),
  },
  'exec-confined': {
    summary: 'run an allowed command in its scope (written by hooks, not run by hand)',
    load: () => import('./execConfined.js'),
  },
  mcp: { summary: 'a stdio MCP server with a gated run_command tool', load: () => import('./mcp.js') },
  init: {
    summary: 'add the expacti hook to an agent host (Claude Code, Gemini CLI, Codex, Cursor, Copilot, …)',
    load: () => import('./init.js'),
  },
  check: { summary: 'explain a command offline: tier, reasons, parts', load: () => import('./check.js') },
  pending: { summary: 'list requests waiting for a reviewer', load: () => import('./pending.js') },
  show: {
    summary: 'show one request with its analysis, context and decision',
    load: () => import('./show.js'),
  },
  session: {
    summary: 'show what an agent session read, or clear its taint',
    load: () => import('./session.js'),
  },
  approve: { summary: 'approve a request (and optionally whitelist it)', load: () => import('./approve.js') },
  deny: { summary: 'deny a request, with a note for the agent', load: () => import('./deny.js') },
  whitelist: {
    summary: 'list, add, remove, disable or enable whitelist entries',
    load: () => import('./whitelist.js'),
  },
  policy: {
    summary: 'test, load and explain the team approval policy (N-of-M approvals, escalation, notifications)',
    load: () => import('./policy.js'),
  },
  group: {
    summary: 'list and manage reviewer groups used by the team policy (admins change them)',
    load: () => import('./group.js'),
  },
  token: { summary: 'create, list or revoke agent tokens (admins)', load: () => import('./token.js') },
  user: { summary: 'add, list or remove reviewers and admins (admins)', load: () => import('./user.js') },
  audit: {
    summary: 'verify, checkpoint or export the audit log; make audit keys',
    load: () => import('./audit.js'),
  },
  undo: {
    summary: 'restore the project as it was before a project-mode auto-allowed command',
    load: () => import('./undo.js'),
  },
  replay: {
    summary: 'replay agent sessions through the gate: how often would it have asked?',
    load: () => import('./replay.js'),
  },
  demo: {
    summary: 'watch an agent work through the gate, in a sandbox (the interactive demo)',
    load: () => import('./demo.js'),
  },
  'ssh-gateway': {
    summary: 'an SSH server that gates agents’ commands on a remote host',
    load: () => import('./sshGateway.js'),
  },
  admin: { summary: 'recover admin access with local access to the store', load: () => import('./admin.js') },
  login: { summary: 'save the server URL and a token', load: () => import('./login.js') },
  doctor: { summary: 'check this machine’s set-up and say what to fix', load: () => import('./doctor.js') },
  completion: {
    summary: 'print a shell completion script (bash or zsh)',
    load: () => import('./completion.js'),
  },
};
