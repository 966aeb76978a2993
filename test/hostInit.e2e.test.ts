/**
 * `expacti init HOST` against real configuration files with other hooks present: merged beside
 * them, a second run changes nothing, a higher time limit is kept, `--uninstall` gives back the
 * file as it was; then the command init wrote, run the way the host runs it (`sh -c` with the
 * host's hook input on stdin), waits for a reviewer — and blocks when expacti cannot even start.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  agentEnv,
  runCli,
  startServer,
  tempDir,
  type CliResult,
  type ServerHandle,
} from './support/expacti.js';
import { pendingOf } from './support/hook.js';
import { HOSTS, type HostCase } from './support/hosts.js';

interface Case {
  host: string;
  /** The configuration file init writes (project scope), relative to the project. */
  file: string;
  /** What is there before, with someone else's hook. */
  existing?: Record<string, unknown>;
  /** The command line init wrote, from the file. */
  command(path: string): string;
  /** Its time limit in seconds, from the file. */
  timeout?(path: string): number;
  /** Sets our entry's time limit in the file (seconds). */
  raise?(path: string, seconds: number): void;
  /** The file is the hook script itself (Cline). */
  script?: boolean;
}

type Entry = Record<string, unknown> & { command?: string; bash?: string; hooks?: Entry[] };
interface HookFile {
  hooks: Record<string, Entry[]>;
  [key: string]: unknown;
}
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as HookFile;
const write = (path: string, v: unknown) => writeFileSync(path, JSON.stringify(v, null, 2) + '\n');
const ours = (e: { command?: string; bash?: string }) =>
  / hook \w+ --timeout /.test(e.command ?? e.bash ?? '');
/** Our entry under an event, in either shape (grouped or flat). */
function entry(path: string, event: string): Entry {
  const list = json(path).hooks[event] ?? [];
  const flat = list.flatMap((g) => g.hooks ?? [g]);
  const found = flat.find(ours);
  assert.ok(found, `our entry under ${event}`);
  return found;
}
function raise(event: string, key: string, scale = 1) {
  return (path: string, seconds: number) => {
    const c = json(path);
    for (const g of c.hooks[event] ?? [])
      for (const e of g.hooks ?? [g]) if (ours(e)) e[key] = seconds * scale;
    write(path, c);
  };
}

const CASES: Case[] = [
  {
    host: 'gemini',
    file: '.gemini/settings.json',
    existing: {
      theme: 'dark',
      hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: './guard.sh' }] }] },
    },
    command: (p) => String(entry(p, 'BeforeTool')['command']),
    timeout: (p) => Number(entry(p, 'BeforeTool')['timeout']) / 1000,
    raise: raise('BeforeTool', 'timeout', 1000),
  },
  {
    host: 'codex',
    file: '.codex/hooks.json',
    existing: {
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'python3 guard.py' }] }] },
    },
    command: (p) => String(entry(p, 'PreToolUse')['command']),
    timeout: (p) => Number(entry(p, 'PreToolUse')['timeout']),
    raise: raise('PreToolUse', 'timeout'),
  },
  {
    host: 'cursor',
    file: '.cursor/hooks.json',
    existing: { version: 1, hooks: { beforeShellExecution: [{ command: './audit.sh', timeout: 5 }] } },
    command: (p) => String(entry(p, 'beforeShellExecution')['command']),
    timeout: (p) => Number(entry(p, 'beforeShellExecution')['timeout']),
    raise: raise('beforeShellExecution', 'timeout'),
  },
  {
    host: 'copilot',
    file: '.github/hooks/expacti.json',
    command: (p) => String(entry(p, 'preToolUse')['bash']),
    timeout: (p) => Number(entry(p, 'preToolUse')['timeoutSec']),
    raise: raise('preToolUse', 'timeoutSec'),
  },
  {
    host: 'goose',
    file: '.agents/plugins/expacti/hooks/hooks.json',
    command: (p) => String(entry(p, 'PreToolUse')['command']),
    timeout: (p) => Number(entry(p, 'PreToolUse')['timeout']),
  },
  { host: 'cline', file: '.clinerules/hooks/PreToolUse', command: (p) => p, script: true },
];

/** Runs what init wrote as the host does: `sh -c COMMAND` (Cline: the script), input on stdin. */
function runInstalled(c: Case, path: string, input: unknown, env: NodeJS.ProcessEnv, cwd: string) {
  const argv = c.script ? [path] : ['sh', '-c', c.command(path)];
  const proc = spawn(argv[0] as string, argv.slice(1), {
    cwd,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A hook that ends before reading its input (expacti missing) closes the pipe: hosts ignore that too.
  proc.stdin.on('error', () => undefined);
  proc.stdin.end(JSON.stringify(input));
  return new Promise<CliResult>((resolve) =>
    proc.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

describe('expacti init HOST', () => {
  let server: ServerHandle;
  const reviewer = () => ({ EXPACTI_URL: server.url, EXPACTI_TOKEN: server.secrets.adminToken });
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  for (const c of CASES) {
    const host = HOSTS.find((h) => h.name === c.host) as HostCase;
    describe(c.host, () => {
      it('merges beside other hooks, changes nothing on a second run, keeps a higher limit, and uninstalls exactly', async () => {
        const project = tempDir(`expacti-init-${c.host}-`);
        const path = join(project.path, c.file);
        const env = { HOME: project.path };
        if (c.existing) {
          mkdirSync(join(path, '..'), { recursive: true });
          write(path, c.existing);
        }
        const before = c.existing ? readFileSync(path, 'utf8') : null;
        const first = await runCli(['init', c.host], { cwd: project.path, env });
        assert.equal(first.code, 0, first.stderr);
        assert.match(
          first.stdout,
          new RegExp(`(created|updated) +${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        );
        assert.match(first.stdout, /fail closed: /);
        if (c.existing) {
          const merged = json(path);
          const other = JSON.stringify(c.existing['hooks']).slice(1, -1);
          assert.ok(JSON.stringify(merged).includes(other.slice(0, 40)), 'the other hook is kept');
          if ('theme' in c.existing) assert.equal(merged['theme'], c.existing['theme']);
        }
        assert.match(c.script ? readFileSync(path, 'utf8') : c.command(path), / hook \w+ --timeout \d+/);
        if (c.script) assert.ok(statSync(path).mode & 0o100, 'the hook script is executable');
        if (c.timeout) assert.equal(c.timeout(path), 600);
        const written = readFileSync(path, 'utf8');
        const second = await runCli(['init', c.host], { cwd: project.path, env });
        assert.equal(second.code, 0, second.stderr);
        assert.match(second.stdout, /^unchanged /m);
        assert.equal(readFileSync(path, 'utf8'), written, 'a second run changes nothing');
        if (c.raise && c.timeout) {
          c.raise(path, 1800);
          assert.equal((await runCli(['init', c.host], { cwd: project.path, env })).code, 0);
          assert.equal(c.timeout(path), 1800, 'a higher time limit is kept');
        }
        const removed = await runCli(['init', c.host, '--uninstall'], { cwd: project.path, env });
        assert.equal(removed.code, 0, removed.stderr);
        if (before !== null) assert.deepEqual(json(path), JSON.parse(before), 'the file is as it was');
        else assert.equal(existsSync(path), false, 'the file init made is gone');
        project.remove();
      });

      it('writes a command that, run as the host runs it, waits for a reviewer and blocks when expacti cannot start', async () => {
        const project = tempDir(`expacti-init-run-${c.host}-`);
        const env = { HOME: project.path };
        assert.equal((await runCli(['init', c.host], { cwd: project.path, env })).code, 0);
        const path = join(project.path, c.file);
        const s = `s-${randomUUID()}`;
        const running = runInstalled(
          c,
          path,
          host.input(`echo via-init-${c.host}`, { session: s, cwd: project.path }),
          agentEnv(server),
          project.path,
        );
        const id = await pendingOf(server, s);
        assert.equal((await runCli(['approve', id, '--note', 'ok'], { env: reviewer() })).code, 0);
        assert.equal(host.read(await running).decision, 'allow');

        // expacti moved or removed: the host must still get a block, never a pass.
        const broken = tempDir(`expacti-init-broken-${c.host}-`);
        const brokenEnv = { HOME: broken.path };
        assert.equal(
          (
            await runCli(['init', c.host, '--command', '/nonexistent/expacti'], {
              cwd: broken.path,
              env: brokenEnv,
            })
          ).code,
          0,
        );
        const res = await runInstalled(
          c,
          join(broken.path, c.file),
          host.input('ls', { session: s, cwd: broken.path }),
          agentEnv(server),
          broken.path,
        );
        if (res.code === 2)
          assert.match(res.stderr, /the approval hook failed to run, so the command was blocked/);
        else {
          const answer = host.read(res);
          assert.equal(answer.decision, 'deny');
          assert.match(answer.reason, /the approval hook failed to run/);
        }
        broken.remove();
        project.remove();
      });
    });
  }

  describe('kimi (a [[hooks]] table in ~/.kimi-code/config.toml)', () => {
    const kimi = HOSTS.find((h) => h.name === 'kimi') as HostCase;
    const other = [
      'default_model = "kimi-k2"',
      '',
      '[[hooks]]',
      'event = "Notification"',
      'matcher = "task\\\\.completed"',
      'command = "notify-send done"',
      '',
    ].join('\n');
    /** The command init wrote, read back from the TOML basic string (JSON's escapes). */
    const commandIn = (path: string) =>
      JSON.parse(
        /^command = (".*")$/m.exec(readFileSync(path, 'utf8').split('# >>> expacti')[1] ?? '')?.[1] ?? '""',
      ) as string;

    it('appends its table beside the others, fail closed, changes nothing on a second run, uninstalls exactly', async () => {
      const home = tempDir('expacti-init-kimi-');
      const path = join(home.path, '.kimi-code', 'config.toml');
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, other);
      const env = { HOME: home.path };
      const first = await runCli(['init', 'kimi', '--timeout', '1800'], { cwd: home.path, env });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /updated +\S+\/\.kimi-code\/config\.toml/);
      assert.match(first.stdout, /fail closed: fail_mode = "closed"/);
      const text = readFileSync(path, 'utf8');
      assert.ok(text.startsWith(other), 'everything that was there stays, in place');
      assert.match(
        text,
        /\[\[hooks\]\]\nevent = "PreToolUse"\nmatcher = "\^Bash\$"\ncommand = ".*"\ntimeout = 600\nfail_mode = "closed"\n/,
      );
      assert.match(commandIn(path), / hook kimi --timeout 600 \|\| \{ echo .* exit 2; \}$/);
      const second = await runCli(['init', 'kimi'], { cwd: home.path, env });
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^unchanged /m);
      assert.equal(readFileSync(path, 'utf8'), text);
      const project = await runCli(['init', 'kimi', '--project'], { cwd: home.path, env });
      assert.notEqual(project.code, 0);
      assert.match(project.stderr, /Kimi Code has no project configuration/);
      const removed = await runCli(['init', 'kimi', '--uninstall'], { cwd: home.path, env });
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(readFileSync(path, 'utf8'), other, 'the file is as it was');
      home.remove();
    });

    it('refuses a file that declares hooks inline, changing nothing', async () => {
      const home = tempDir('expacti-init-kimi-inline-');
      const path = join(home.path, '.kimi-code', 'config.toml');
      mkdirSync(join(path, '..'), { recursive: true });
      const inline = 'hooks = [ { event = "Stop", command = "true" } ]\n';
      writeFileSync(path, inline);
      const res = await runCli(['init', 'kimi'], { cwd: home.path, env: { HOME: home.path } });
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /declares "hooks = \[\.\.\.\]" inline/);
      assert.equal(readFileSync(path, 'utf8'), inline);
      home.remove();
    });

    it('writes a command that, run as Kimi Code runs it, waits for a reviewer and blocks when expacti cannot start', async () => {
      const home = tempDir('expacti-init-kimi-run-');
      const env = { HOME: home.path };
      assert.equal((await runCli(['init', 'kimi'], { cwd: home.path, env })).code, 0);
      const path = join(home.path, '.kimi-code', 'config.toml');
      const c: Case = { host: 'kimi', file: '', command: commandIn };
      const s = `s-${randomUUID()}`;
      const running = runInstalled(
        c,
        path,
        kimi.input('echo via-init-kimi', { session: s, cwd: home.path }),
        agentEnv(server),
        home.path,
      );
      const id = await pendingOf(server, s);
      assert.equal((await runCli(['approve', id], { env: reviewer() })).code, 0);
      assert.equal(kimi.read(await running).decision, 'allow');
      assert.equal(
        (await runCli(['init', 'kimi', '--command', '/nonexistent/expacti'], { cwd: home.path, env })).code,
        0,
      );
      const res = await runInstalled(
        c,
        path,
        kimi.input('ls', { session: s, cwd: home.path }),
        agentEnv(server),
        home.path,
      );
      assert.equal(res.code, 2, 'Kimi Code blocks on exit 2');
      assert.match(res.stderr, /the approval hook failed to run, so the command was blocked/);
      home.remove();
    });
  });

  it('never overwrites a hook script or plugin that is not its own', async () => {
    const project = tempDir('expacti-init-foreign-');
    const path = join(project.path, '.clinerules', 'hooks', 'PreToolUse');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\necho \'{"cancel": false}\'\n');
    const res = await runCli(['init', 'cline'], { cwd: project.path, env: { HOME: project.path } });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /was not written by expacti; nothing was changed/);
    assert.equal(readFileSync(path, 'utf8'), '#!/bin/sh\necho \'{"cancel": false}\'\n');
    project.remove();
  });

  it('init --detect lists the hosts found here and where the hook is set up', async () => {
    const project = tempDir('expacti-detect-');
    mkdirSync(join(project.path, '.cursor'));
    mkdirSync(join(project.path, '.gemini'));
    const env = { HOME: project.path, PATH: '/usr/bin:/bin' };
    assert.equal((await runCli(['init', 'gemini'], { cwd: project.path, env })).code, 0);
    const res = await runCli(['init', '--detect'], { cwd: project.path, env });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^gemini +Gemini CLI +found .*hook set up in .*\.gemini\/settings\.json/m);
    assert.match(res.stdout, /^cursor +Cursor +found .*no expacti hook/m);
    assert.match(res.stdout, /^codex +Codex CLI +not found/m);
    assert.match(res.stdout, /expacti init cursor/);
    project.remove();
  });
});
