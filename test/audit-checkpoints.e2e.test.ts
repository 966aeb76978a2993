/**
 * The audit log against someone who can write the database but holds neither the audit key file
 * nor the checkpoints: rewriting a record and re-sealing everything after it, cutting the tail and
 * moving the head back, or emptying the log are all caught by `expacti audit verify --against
 * CHECKPOINT` — on SQLite and on PostgreSQL. Checkpoints are signed, written automatically to a
 * file and a webhook, and made on demand; a forged one is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { GENESIS_HASH, hashRecord } from '../src/core/audit/index.js';
import type { AuditCheckpoint } from '../src/protocol/index.js';
import { numberPlaceholders } from '../src/store/sql.js';
import { api } from './support/api.js';
import {
  eventually,
  reviewerEnv,
  runCli,
  startServer,
  tempDir,
  waitForText,
  type ServerHandle,
} from './support/expacti.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { postgresServerArgs, STORE_KINDS } from './support/stores.js';

type Sql = (query: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

interface Row {
  seq: number;
  ts: string;
  org_id: string | null;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

for (const kind of STORE_KINDS) {
  describe(`audit checkpoints and tampering (${kind})`, () => {
    let postgres: TestPostgres | undefined;
    const work = tempDir('expacti-audit-cp-');
    before(async () => {
      if (kind === 'postgres') postgres = await startTestPostgres();
    });
    after(async () => {
      await postgres?.stop();
      work.remove();
    });

    /** A fresh server with some history, raw SQL on its database, and its checkpoint file. */
    async function withServer(
      fn: (server: ServerHandle, sql: Sql, checkpointFile: string) => Promise<void>,
      extraArgs: string[] = [],
    ): Promise<void> {
      const dir = tempDir('expacti-audit-server-');
      const checkpointFile = join(dir.path, 'checkpoints.jsonl');
      let sql: Sql;
      let close = async (): Promise<void> => undefined;
      const args = ['--audit-checkpoint-file', checkpointFile, ...extraArgs];
      if (kind === 'postgres') {
        const url = await postgres!.createDatabase();
        args.push('--database-url', url, ...postgresServerArgs(work.path));
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        sql = async (q, ...p) => (await client.query(numberPlaceholders(q), p)).rows;
        close = () => client.end();
      } else {
        sql = async (q, ...p) => {
          const db = new Database(join(dir.path, 'expacti.db'));
          try {
            const st = db.prepare(q);
            return st.reader ? (st.all(...p) as Array<Record<string, unknown>>) : (st.run(...p), []);
          } finally {
            db.close();
          }
        };
      }
      const server = await startServer({ dataDir: dir.path, args });
      try {
        for (let i = 0; i < 6; i++) {
          const res = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
            command: { argv: ['rm', '-rf', `/tmp/expacti-audit-${i}`] },
            cwd: '/tmp',
          });
          assert.equal(res.status, 201);
        }
        await fn(server, sql, checkpointFile);
      } finally {
        await server.stop();
        await close();
        dir.remove();
      }
    }

    const cli = (server: ServerHandle, ...args: string[]) =>
      runCli(['audit', ...args], { env: reviewerEnv(server) });

    /** `expacti audit checkpoint`, saved to a file the way an operator keeps it. */
    async function checkpointTo(server: ServerHandle, file: string): Promise<AuditCheckpoint> {
      const res = await cli(server, 'checkpoint');
      assert.equal(res.code, 0, res.stderr);
      writeFileSync(file, res.stdout);
      return JSON.parse(res.stdout) as AuditCheckpoint;
    }

    async function rows(sql: Sql): Promise<Row[]> {
      return (await sql('SELECT * FROM audit ORDER BY seq')).map(
        (r) => ({ ...r, seq: Number(r['seq']) }) as Row,
      );
    }

    /** Rewrites rows from `from` on, re-sealed with plain SHA-256 (no key), and moves the head to the end. */
    async function resealFrom(sql: Sql, all: Row[], from: number): Promise<void> {
      let prev = from === 1 ? GENESIS_HASH : all[from - 2]!.hash;
      for (const r of all.slice(from - 1)) {
        const content = {
          ts: r.ts,
          orgId: r.org_id,
          actor: JSON.parse(r.actor),
          action: r.action,
          subject: r.subject,
          data: JSON.parse(r.data),
        };
        const hash = hashRecord(prev, r.seq, content, null);
        await sql(
          'UPDATE audit SET data = ?, prev_hash = ?, hash = ?, key_id = NULL WHERE seq = ?',
          r.data,
          prev,
          hash,
          r.seq,
        );
        prev = hash;
      }
      await sql('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1', all.at(-1)!.seq, prev);
    }

    it('signs checkpoints on demand, and the untouched log verifies against them', async () => {
      await withServer(async (server, _sql, checkpointFile) => {
        const file = join(work.path, `cp-${kind}-ok.json`);
        const cp = await checkpointTo(server, file);
        assert.equal(cp.format, 'expacti-audit-checkpoint/1');
        assert.ok(cp.seq >= 10, `checkpoint of ${cp.seq} records`);
        assert.match(readFileSync(checkpointFile, 'utf8'), new RegExp(cp.signature.replace(/[+/]/g, '.')));
        const res = await cli(server, 'verify', '--against', file);
        assert.equal(res.code, 0, res.stdout + res.stderr);
        assert.match(
          res.stdout,
          new RegExp(
            `intact: \\d+ records; head #\\d+ [0-9a-f]{64}; it extends 1 checkpoint \\(newest: #${cp.seq}`,
          ),
        );
        const whole = await cli(server, 'verify', '--against', checkpointFile);
        assert.equal(whole.code, 0, whole.stdout + whole.stderr);
      });
    });

    it('catches a record rewritten and every later seal recomputed without the key', async () => {
      await withServer(async (server, sql) => {
        const file = join(work.path, `cp-${kind}-rewrite.json`);
        await checkpointTo(server, file);
        const all = await rows(sql);
        all[4]!.data = JSON.stringify({ forged: true });
        await resealFrom(sql, all, 5);
        const res = await cli(server, 'verify', '--against', file);
        assert.equal(res.code, 1);
        assert.match(res.stdout, /BROKEN at record #5: edited/);
      });
    });

    it('catches the whole log rewritten without the key (every record re-sealed unkeyed)', async () => {
      await withServer(async (server, sql) => {
        const file = join(work.path, `cp-${kind}-rewrite-all.json`);
        const cp = await checkpointTo(server, file);
        const all = await rows(sql);
        all[1]!.data = JSON.stringify({ forged: true });
        await resealFrom(sql, all, 1);
        const res = await cli(server, 'verify', '--against', file);
        assert.equal(res.code, 1);
        assert.match(
          res.stdout,
          new RegExp(
            `BROKEN at record #${cp.seq}: edited — the log up to record ${cp.seq} is not the one checkpointed`,
          ),
        );
      });
    });

    it('catches the tail cut off and the head moved back', async () => {
      await withServer(async (server, sql) => {
        const file = join(work.path, `cp-${kind}-truncate.json`);
        const cp = await checkpointTo(server, file);
        const all = await rows(sql);
        const keep = cp.seq - 3;
        await sql('DELETE FROM audit WHERE seq > ?', keep);
        await sql('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1', keep, all[keep - 1]!.hash);
        const res = await cli(server, 'verify', '--against', file);
        assert.equal(res.code, 1);
        assert.match(
          res.stdout,
          new RegExp(
            `BROKEN at record #${keep + 1}: removed — the log ends at record ${keep}, but the checkpoint`,
          ),
        );
      });
    });

    it('catches an emptied log', async () => {
      await withServer(async (server, sql) => {
        const file = join(work.path, `cp-${kind}-empty.json`);
        await checkpointTo(server, file);
        await sql('DELETE FROM audit');
        await sql('UPDATE audit_head SET seq = 0, hash = ? WHERE id = 1', GENESIS_HASH);
        const res = await cli(server, 'verify', '--against', file);
        assert.equal(res.code, 1);
        assert.match(res.stdout, /BROKEN at record #1: removed — the log is empty/);
        // The server keeps the newest checkpoint it signed: plain verify catches it too, and no
        // checkpoint of the emptied log is signed.
        assert.match((await cli(server, 'verify')).stdout, /BROKEN at record #1: removed/);
        const refused = await cli(server, 'checkpoint');
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, /NOT signing a checkpoint/);
      });
    });

    it('refuses a checkpoint that was forged or altered', async () => {
      await withServer(async (server) => {
        const file = join(work.path, `cp-${kind}-forged.json`);
        const cp = await checkpointTo(server, file);
        writeFileSync(file, JSON.stringify({ ...cp, seq: cp.seq - 2 }));
        const res = await cli(server, 'verify', '--against', file);
        assert.equal(res.code, 1);
        assert.match(
          res.stdout,
          /unverifiable — the checkpoint .* cannot be trusted: its signature does not match/,
        );
      });
    });
  });
}

describe('automatic checkpoints', () => {
  let hook: Server;
  const received: AuditCheckpoint[] = [];
  const authorizations: Array<string | undefined> = [];
  let hookUrl = '';
  before(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as AuditCheckpoint);
        authorizations.push(req.headers.authorization);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const address = hook.address();
    hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/checkpoints`;
  });
  after(() => new Promise<void>((r) => hook.close(() => r())));

  it('writes one every N records to a file and a webhook, each signed and verifiable', async () => {
    const dir = tempDir();
    const file = join(dir.path, 'cp.jsonl');
    const server = await startServer({
      dataDir: dir.path,
      args: [
        '--audit-checkpoint-file',
        file,
        '--audit-checkpoint-url',
        hookUrl,
        '--audit-checkpoint-every',
        '5',
        '--audit-checkpoint-interval',
        '1',
      ],
    });
    try {
      await waitForText(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''), /\n/);
      const first = readFileSync(file, 'utf8').trim().split('\n').length;
      for (let i = 0; i < 6; i++) {
        await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
          command: { argv: ['rm', '-rf', `/tmp/auto-${i}`] },
          cwd: '/tmp',
        });
      }
      await eventually(
        () => (readFileSync(file, 'utf8').trim().split('\n').length > first ? true : undefined),
        10_000,
      );
      const last = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!) as AuditCheckpoint;
      // The webhook gets the same checkpoint (sent alongside the file line).
      await eventually(() => (received.some((c) => c.signature === last.signature) ? true : undefined), 5000);
      const res = await runCli(['audit', 'verify', '--against', file], { env: reviewerEnv(server) });
      assert.equal(res.code, 0, res.stdout + res.stderr);
    } finally {
      await server.stop();
      dir.remove();
    }
  });
  it('sends the credentials of a webhook URL as Basic authentication, and names the sink without them', async () => {
    const withCredentials =
      hookUrl.replace('http://', 'http://auditor:s3cret-hook-pass@') + '?token=s3cret-query';
    const server = await startServer({ args: ['--audit-checkpoint-url', withCredentials] });
    try {
      const res = await runCli(['audit', 'checkpoint'], { env: reviewerEnv(server) });
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /written to http:\/\/…@127\.0\.0\.1:\d+\/checkpoints\?…/);
      assert.doesNotMatch(res.stderr + server.output(), /s3cret/);
      assert.equal(
        authorizations.at(-1),
        `Basic ${Buffer.from('auditor:s3cret-hook-pass').toString('base64')}`,
      );
    } finally {
      await server.stop();
    }
  });
});

describe('a log cut back while the server was down', () => {
  it("is caught at the next start from the server's own checkpoint file, and plain verify names it", async () => {
    const dir = tempDir();
    const first = await startServer({ dataDir: dir.path });
    for (let i = 0; i < 4; i++) {
      await api(first.url, 'POST', '/v1/requests', first.secrets.agentToken, {
        command: { argv: ['rm', '-rf', `/tmp/down-${i}`] },
        cwd: '/tmp',
      });
    }
    const cp = await runCli(['audit', 'checkpoint'], { env: reviewerEnv(first) });
    assert.equal(cp.code, 0, cp.stderr);
    const { seq } = JSON.parse(cp.stdout) as AuditCheckpoint;
    await first.stop();
    const db = new Database(join(dir.path, 'expacti.db'));
    const keep = db.prepare('SELECT seq, hash FROM audit WHERE seq = ?').get(seq - 2) as {
      seq: number;
      hash: string;
    };
    db.prepare('DELETE FROM audit WHERE seq > ?').run(keep.seq);
    db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(keep.seq, keep.hash);
    db.close();
    // No settings change at this start: the log must stay exactly as it was cut.
    const second = await startServer({ dataDir: dir.path, secrets: first.secrets, autoAllowReadOnly: true });
    try {
      await waitForText(
        second.output,
        /NOT signing a checkpoint: the audit log does not verify \(record \d+: removed/,
      );
      const res = await runCli(['audit', 'verify'], { env: reviewerEnv(second) });
      assert.equal(res.code, 1, res.stdout + res.stderr);
      assert.match(res.stdout, new RegExp(`BROKEN at record #${keep.seq + 1}: removed`));
    } finally {
      await second.stop();
      dir.remove();
    }
  });
});

describe('audit keys', () => {
  it('creates a key file readable by its owner only in the SQLite data directory on first start', async () => {
    const dir = tempDir();
    const server = await startServer({ dataDir: dir.path });
    try {
      const keys = join(dir.path, 'audit-keys.json');
      assert.equal(statSync(keys).mode & 0o777, 0o600);
      assert.match(server.output(), /created the audit key file .*audit-keys\.json/);
      const records = await api(server.url, 'GET', '/v1/audit', server.secrets.adminToken);
      const ids = (records.body['records'] as Array<{ keyId: string }>).map((r) => r.keyId);
      const current = (JSON.parse(readFileSync(keys, 'utf8')) as { chain: Array<{ id: string }> }).chain[0]!
        .id;
      assert.deepEqual([...new Set(ids)], [current]);
    } finally {
      await server.stop();
      dir.remove();
    }
  });

  it('refuses to start on PostgreSQL without a shared key file, saying how to make one', async () => {
    const res = await runCli(['serve', '--port', '0', '--database-url', 'postgres://x@127.0.0.1:1/none'], {
      timeoutMs: 30_000,
    });
    assert.equal(res.code, 78);
    assert.match(
      res.stderr,
      /every replica needs the same audit key file: create one with `expacti audit keygen/,
    );
  });

  it('rotates keys: new records use the new key, and the whole log still verifies', async () => {
    const dir = tempDir();
    const keys = join(dir.path, 'keys.json');
    assert.equal((await runCli(['audit', 'keygen', '--file', keys])).code, 0);
    assert.equal((await runCli(['audit', 'keygen', '--file', keys])).code, 78, 'never overwrites');
    const data = join(dir.path, 'data');
    const first = await startServer({ dataDir: data, args: ['--audit-key-file', keys] });
    await first.stop();
    assert.equal((await runCli(['audit', 'keygen', '--file', keys, '--rotate'])).code, 0);
    const second = await startServer({
      dataDir: data,
      args: ['--audit-key-file', keys],
      secrets: first.secrets,
    });
    try {
      await api(second.url, 'POST', '/v1/requests', second.secrets.agentToken, {
        command: { argv: ['rm', '-rf', '/tmp/after-rotation'] },
        cwd: '/tmp',
      });
      const records = (await api(second.url, 'GET', '/v1/audit', second.secrets.adminToken)).body[
        'records'
      ] as Array<{
        keyId: string;
      }>;
      assert.equal(new Set(records.map((r) => r.keyId)).size, 2);
      const res = await runCli(['audit', 'verify'], { env: reviewerEnv(second) });
      assert.equal(res.code, 0, res.stdout + res.stderr);
    } finally {
      await second.stop();
      dir.remove();
    }
  });
});
