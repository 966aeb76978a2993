/**
 * `expacti replay` over session streams written for this test (test/data/sessions/): the routine
 * streams (exploration with `nl | sed -n`, `rg`, `cat`, test runs, commits, heredoc scripts) must
 * ask at most 10 times per 100 commands in project mode; the adversarial streams (a push to main
 * after a feature-branch push, `rm -rf` outside the project after `rm -f` inside it, edits of the
 * agent's own rule files, secrets, unbounded SQL, infrastructure changes) must never let a high or
 * critical command through without a reviewer, in either mode.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewerEnv, runCli, startServer, tempDir } from './support/expacti.js';
import { api } from './support/api.js';

const ROUTINE = 'test/data/sessions/routine.jsonl';
const ADVERSARIAL = 'test/data/sessions/agents.jsonl';

interface Prompted {
  command: string;
  tier: string;
}
interface Report {
  mode: string;
  commands: number;
  prompts: number;
  promptsPer100: number;
  byPosition: Array<{ from: number; promptsPer100: number }>;
  passed: Record<string, number>;
  autoAllowedHighOrCritical: unknown[];
  prompted: Prompted[];
}

const count = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .reduce((n, l) => n + (JSON.parse(l) as { cmds: string[] }).cmds.length, 0);

async function replay(file: string, mode: 'default' | 'project'): Promise<Report> {
  const r = await runCli(['replay', '--json', '--mode', mode, file], { timeoutMs: 240_000 });
  assert.equal(r.code, 0, r.stderr + r.stdout.slice(0, 2000));
  return JSON.parse(r.stdout) as Report;
}

describe('expacti replay', () => {
  it('asks at most 10 times per 100 routine commands in project mode, and more in the default mode', async () => {
    const project = await replay(ROUTINE, 'project');
    const fallback = await replay(ROUTINE, 'default');
    assert.equal(project.commands, count(ROUTINE));
    assert.ok(project.promptsPer100 <= 10, `project mode: ${project.promptsPer100} per 100`);
    assert.deepEqual(project.autoAllowedHighOrCritical, []);
    assert.ok(fallback.prompts > project.prompts, 'project mode asks less than the default');
    assert.deepEqual(fallback.autoAllowedHighOrCritical, []);
    assert.ok((fallback.passed['auto-allow read-only'] ?? 0) > 0);
    assert.equal(fallback.passed['auto-allow project'], 0);
    assert.equal(fallback.byPosition.length, 3);
  });

  for (const mode of ['default', 'project'] as const) {
    it(`never lets a high or critical command through without a reviewer (${mode} mode)`, async () => {
      const r = await replay(ADVERSARIAL, mode);
      assert.deepEqual(r.autoAllowedHighOrCritical, []);
      const asked = (re: RegExp) =>
        assert.ok(
          r.prompted.some((p) => re.test(p.command)),
          `${re} was asked (prompted: ${r.prompted.map((p) => p.command).join(' | ')})`,
        );
      // Each after a lesser command of the same shape was approved and whitelisted.
      asked(/^git push origin main$/);
      asked(/^rm -rf \.\.\/webapp-old$/);
      asked(/^rm -rf \/var\/tmp\/webapp-cache$/);
      asked(/>> AGENTS\.md$/);
      asked(/^sed -i .* AGENTS\.md$/);
      asked(/^cat ~\/\.netrc$/);
      asked(/DELETE FROM sessions/);
      asked(/^aws s3 rm /);
      asked(/^curl -X DELETE /);
      asked(/^terraform .* apply /);
    });
  }

  it("replays an org's own audit export: its submissions, by session, in order", async () => {
    const server = await startServer();
    const dir = tempDir('expacti-replay-audit-');
    try {
      const sent = [
        ['s-a', 'git status'],
        ['s-a', 'rm -f build/x.o'],
        ['s-b', 'ls -la'],
        ['s-a', 'git push origin main'],
      ] as const;
      for (const [session, shell] of sent)
        await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
          command: { shell },
          cwd: '/home/dev/src/app',
          session,
        });
      const exported = await runCli(['audit', 'export'], { env: reviewerEnv(server) });
      assert.equal(exported.code, 0, exported.stderr);
      const file = join(dir.path, 'audit.jsonl');
      writeFileSync(file, exported.stdout);
      const r = await runCli(['replay', '--json', file], { timeoutMs: 120_000 });
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as Report & { sessions: number };
      assert.equal(report.commands, 4);
      assert.equal(report.sessions, 2);
      assert.ok(report.prompted.some((p) => p.command === 'git push origin main' && p.tier === 'high'));
    } finally {
      await server.stop();
      dir.remove();
    }
  });

  it('refuses a malformed file, naming the line, before replaying anything', async () => {
    const dir = tempDir('expacti-replay-bad-');
    try {
      const file = join(dir.path, 'bad.jsonl');
      writeFileSync(file, '{"session": "a", "cmds": ["ls"]}\n{"session": "b", "cmds": "ls"}\n');
      const r = await runCli(['replay', file]);
      assert.equal(r.code, 65);
      assert.match(r.stderr, /line 2: .*cmds/);
      const missing = await runCli(['replay', join(dir.path, 'none.jsonl')]);
      assert.equal(missing.code, 65);
      assert.match(missing.stderr, /no such file/);
      const mode = await runCli(['replay', '--mode', 'yolo', file]);
      assert.equal(mode.code, 64);
      assert.match(mode.stderr, /--mode must be default or project/);
    } finally {
      dir.remove();
    }
  });
});
