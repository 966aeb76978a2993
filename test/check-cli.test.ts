import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN } from './support/expacti.js';
import { EXIT } from '../src/protocol/exitCodes.js';

/** Runs the built CLI (`npm run build` first): `node bin/expacti.js check …`. */
function check(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('expacti check', () => {
  it('explains a compound command: parts, tier, score, reasons and what a whitelist entry must cover', () => {
    const r = check(['git status && rm -rf ~']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /risk\s+CRITICAL \(score \d+\/100\)/);
    assert.match(r.stdout, /1\. git status\s+safe/);
    assert.match(r.stdout, /2\. rm -rf ~\s+critical/);
    assert.match(r.stdout, /\[delete\.unbounded\]/);
    // The canonical form writes options in the option table's normal spelling (-rf is -r -f).
    assert.match(r.stdout, /an exact entry must be exactly: git status && rm -r -f ~/);
    assert.match(r.stdout, /only an exact entry can allow/);
  });

  it('shows SQL summaries', () => {
    const r = check(['psql -c "UPDATE users SET admin = true -- WHERE id = 5"']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /UPDATE on users with no WHERE clause/);
    assert.match(r.stdout, /CRITICAL/);
  });

  it('--json prints one object: the analysis view plus its commands', () => {
    const r = check(['--json', 'npm test && git push --force origin main']);
    assert.equal(r.code, 0, r.stderr);
    const view = JSON.parse(r.stdout) as {
      tier: string;
      score: number;
      parts: string[];
      commands: Array<{ tier: string; program: string }>;
      reasons: Array<{ code: string }>;
      canonical: string;
      parsed: boolean;
    };
    assert.equal(view.tier, 'critical');
    assert.ok(view.score >= 80);
    assert.equal(view.parts.length, 2);
    assert.deepEqual(
      view.commands.map((c) => c.tier),
      ['low', 'critical'],
    );
    assert.ok(view.reasons.some((x) => x.code === 'history.force-push-protected'));
    assert.equal(view.parsed, true);
  });

  it('--jsonl answers every line in order, with allowed only when exact entries would auto-allow it', () => {
    const lines = [
      { cmd: 'npm test', allowed: ['npm test'] },
      { cmd: 'npm test && rm -rf ~', allowed: ['npm test'] },
      { cmd: 'git status && npm test', allowed: ['git status', 'npm test'] },
      { cmd: 'ls -la' },
      { cmd: "psql -c 'DELETE FROM users'", allowed: [] },
    ].map((l) => JSON.stringify(l));
    const r = check(['--jsonl'], lines.join('\n') + '\n');
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tier: string; score: number; reasons: unknown[]; allowed: boolean });
    assert.deepEqual(
      out.map((o) => [o.tier, o.allowed]),
      [
        ['low', true],
        ['critical', false],
        ['low', true],
        ['safe', false],
        ['critical', false],
      ],
    );
    for (const o of out) assert.deepEqual(Object.keys(o).sort(), ['allowed', 'reasons', 'score', 'tier']);
  });

  it('--jsonl answers malformed lines with an error on their line and goes on', () => {
    const input = [
      'not json',
      '{"cmd": 5}',
      '[1,2]',
      '{"cmd": "ls", "allowed": "ls"}',
      '{"cmd": "ls"}',
      '',
    ].join('\n');
    const r = check(['--jsonl'], input);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { error?: { code: string; message: string }; tier?: string });
    assert.equal(out.length, 5);
    assert.deepEqual(
      out.slice(0, 4).map((o) => o.error?.code),
      ['check.invalid-json', 'check.invalid-input', 'check.invalid-input', 'check.invalid-input'],
    );
    for (const o of out.slice(0, 4)) assert.ok((o.error?.message.length ?? 0) > 5);
    assert.equal(out[4]?.tier, 'safe');
  });

  it('--jsonl answers 1,000 lines end to end, one result per line, in order (its speed: npm run bench)', () => {
    const cmds = [
      'git status',
      'npm test',
      'ls -la src',
      'rm -rf ./dist',
      'cat package.json | jq .version',
      'git push origin feature/x',
    ];
    const input = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({ cmd: cmds[i % cmds.length], allowed: ['npm test'] }),
    ).join('\n');
    const r = check(['--jsonl'], input);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { allowed?: boolean });
    assert.equal(lines.length, 1000);
    // Only `npm test` (every sixth line, from the second) is allowed by the line's own list.
    lines.forEach((l, i) => assert.equal(l.allowed, i % cmds.length === 1, `line ${i + 1}`));
  });

  it('exits with the usage code on a bad command line', () => {
    assert.equal(check([]).code, EXIT.usage);
    assert.equal(check(['--jsonl', 'ls']).code, EXIT.usage);
    assert.equal(check(['--bogus', 'ls']).code, EXIT.usage);
  });
});
