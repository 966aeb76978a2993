/**
 * No view of expacti prints a command differently from what will run: hostile texts (escape
 * sequences, CR overprint, bidi, invisible and lookalike characters) go through a real server and
 * come out of every CLI view, the agent's own messages and the Claude hook with no raw hidden
 * character and every part shown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { displayBlock, displayInline } from '../src/protocol/displayText.js';
import { EXIT } from '../src/protocol/exitCodes.js';
import {
  agentEnv,
  reviewerEnv,
  runCli,
  spawnCli,
  startServer,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { api } from './support/api.js';
import {
  HOSTILE_COMMANDS,
  HOSTILE_NOTE,
  decodeBlock,
  decodeDisplay,
  rawHidden,
} from './support/hostileText.js';

const LETTERS = /[\u043c\u0455\u04bb]/gu; // lookalikes are escaped per word in text views, not in JSON

describe('every CLI view of hostile command text', () => {
  let server: ServerHandle;
  const ids = new Map<string, string>();
  const reviewer = (args: string[]) => runCli(args, { env: reviewerEnv(server) });

  before(async () => {
    server = await startServer();
    for (const h of HOSTILE_COMMANDS) {
      const res = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
        command: { shell: h.text },
        cwd: '/tmp',
        reason: 'reason for it\x1b[8m hidden',
      });
      assert.ok(res.status === 201 || res.status === 202, JSON.stringify(res.body));
      ids.set(h.name, (res.body['request'] as { id: string }).id);
    }
  });
  after(() => server.stop());

  it('pending: no raw hidden character, and every line of every command shown whole', async () => {
    const out = await reviewer(['pending']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(rawHidden(out.stdout), null);
    for (const h of HOSTILE_COMMANDS)
      for (const line of displayBlock(h.text).split('\n'))
        assert.ok(out.stdout.includes(line.trim()), `${h.name}: ${line}`);
  });

  it('pending --json: the same values, with hidden characters as \\u escapes', async () => {
    const out = await reviewer(['pending', '--json']);
    assert.equal(rawHidden(out.stdout.replace(LETTERS, '')), null);
    const texts = (JSON.parse(out.stdout) as Array<{ commandText: string }>).map((r) => r.commandText);
    for (const h of HOSTILE_COMMANDS) assert.ok(texts.includes(h.text), h.name);
  });

  for (const h of HOSTILE_COMMANDS) {
    it(`show: "${h.name}" reads back exactly, with its reason and risk reasons escaped`, async () => {
      const out = await reviewer(['show', ids.get(h.name) as string]);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(rawHidden(out.stdout), null);
      const lines = out.stdout.split('\n');
      const start = lines.findIndex((l) => l.startsWith('command    '));
      const end = lines.findIndex((l, i) => i > start && /^[a-z]+ {2,}/.test(l));
      const block = lines
        .slice(start, end)
        .map((l, i) => (i === 0 ? l.slice('command    '.length) : l))
        .join('\n');
      assert.equal(decodeBlock(block), h.text);
      for (const part of h.parts) assert.ok(decodeBlock(block).includes(part), part);
      assert.match(out.stdout, /reason {5}reason for .*⟨\\e⟩\[8m hidden/);
    });
  }

  it('deny and approve confirmations show the command escaped; the note is escaped for the agent too', async () => {
    const run = spawnCli(['run', '-c', 'ls -la # \x1b[2K\rrm -rf ~/x'], { env: agentEnv(server) });
    const [, id] = await waitForText(run.stderrSoFar, /request ([0-9a-f-]{36})/);
    const denied = await reviewer(['deny', id as string, '--note', HOSTILE_NOTE]);
    assert.equal(denied.code, 0, denied.stderr);
    assert.equal(rawHidden(denied.stdout), null);
    assert.ok(denied.stdout.includes(displayInline('ls -la # \x1b[2K\rrm -rf ~/x')));
    const res = await run.result;
    assert.equal(res.code, EXIT.denied);
    assert.equal(rawHidden(res.stderr), null, 'the agent reads no raw hidden character');
    assert.ok(res.stderr.includes(`expacti: command: ${displayInline('ls -la # \x1b[2K\rrm -rf ~/x')}`));
    assert.ok(res.stderr.includes(`expacti: note: ${displayInline(HOSTILE_NOTE)}`));

    const approved = await reviewer(['approve', ids.get('two lines') as string]);
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(rawHidden(approved.stdout), null);
    assert.match(approved.stdout, /1│ git status\n\s+2│ touch ~\/\.bashrc/);
  });

  it('run prints a multi-line command numbered, every line starting expacti:', async () => {
    const run = spawnCli(['run', '-c', 'git status\ntouch ~/.bashrc'], { env: agentEnv(server) });
    const [, id] = await waitForText(run.stderrSoFar, /request ([0-9a-f-]{36})/);
    await reviewer(['deny', id as string, '--note', 'no']);
    const res = await run.result;
    assert.match(res.stderr, /expacti: command: 1│ git status\nexpacti: {3}2│ touch ~\/\.bashrc/);
  });

  it('the Claude hook answers JSON with no raw hidden character, the command escaped in its reason', async () => {
    const hook = spawnCli(['hook', 'claude', '--timeout', '30'], {
      env: agentEnv(server),
      input: JSON.stringify({
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        session_id: 's-hook',
        cwd: '/tmp',
        tool_input: { command: 'echo "\u202e~ fr- mr\u202c"' },
      }),
    });
    const id = await waitForPending(server, 'echo "\u202e~ fr- mr\u202c"');
    await reviewer(['deny', id, '--note', 'no \u202eway']);
    const res = await hook.result;
    assert.equal(res.code, 0);
    assert.equal(rawHidden(res.stdout), null);
    const reason = (JSON.parse(res.stdout) as { hookSpecificOutput: { permissionDecisionReason: string } })
      .hookSpecificOutput.permissionDecisionReason;
    assert.equal(rawHidden(reason), null);
    assert.ok(reason.includes('echo "⟨\\u202e⟩~ fr- mr⟨\\u202c⟩"'));
    assert.equal(decodeDisplay('no ⟨\\u202e⟩way'), 'no \u202eway');
    assert.ok(reason.includes('note: no ⟨\\u202e⟩way'));
  });

  it('whitelist add refuses a pattern with hidden characters, and the error prints escaped', async () => {
    const out = await reviewer(['whitelist', 'add', 'ls\x1b[2K -la']);
    assert.notEqual(out.code, 0);
    assert.equal(rawHidden(out.stderr), null);
    assert.match(out.stderr, /hidden characters/);
  });

  it('check explains a hostile command escaped (offline)', async () => {
    const out = await runCli(['check', 'rm -rf ~/important # \x1b[2K\rls -la'], {});
    assert.equal(out.code, 0, out.stderr);
    assert.equal(rawHidden(out.stdout), null);
    assert.match(out.stdout, /rm -rf ~\/important # ⟨\\e⟩\[2K⟨\\r⟩ls -la/);
    assert.match(out.stdout, /HIGH/);
  });

  it('audit export prints JSON lines with hidden characters as \\u escapes', async () => {
    const out = await reviewer(['audit', 'export']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(rawHidden(out.stdout.replace(LETTERS, '')), null);
    assert.ok(out.stdout.includes('\\u001b[2K\\r'));
  });
});

async function waitForPending(server: ServerHandle, text: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await api(
      server.url,
      'GET',
      '/v1/requests?status=pending&limit=100',
      server.secrets.adminToken,
    );
    const hit = (res.body['requests'] as Array<{ id: string; commandText: string }>).find(
      (r) => r.commandText === text,
    );
    if (hit) return hit.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no pending request for ${JSON.stringify(text)}`);
}
