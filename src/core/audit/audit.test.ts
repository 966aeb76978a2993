import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  canonicalJson,
  chainKeyring,
  checkpointProblem,
  GENESIS_HASH,
  hashRecord,
  recordBody,
  sealRecords,
  signCheckpoint,
  signingKeyring,
  verifyChain,
  ChainVerifier,
} from './index.js';
import type { AuditContent, ChainedRecord, ChainKey } from './index.js';

const KEY: ChainKey = { id: 'k-1', secret: randomBytes(32) };
const KEYS = chainKeyring([KEY]);

function draft(i: number): AuditContent {
  return {
    ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    orgId: 'org-1',
    actor: { kind: 'user', id: 'u1', name: 'ana' },
    action: 'request.created',
    subject: `req-${i}`,
    data: { n: i, nested: { b: 1, a: [1, 'x'] } },
  };
}

function chain(n: number, key: ChainKey = KEY): ChainedRecord[] {
  return sealRecords(
    null,
    Array.from({ length: n }, (_, i) => draft(i + 1)),
    key,
  );
}

/** Contents of the records at positions i and j exchanged, seq numbers left in place (as in a table). */
function swapContents(records: ChainedRecord[], i: number, j: number): ChainedRecord[] {
  const out = [...records];
  const a = records[i]!;
  const b = records[j]!;
  out[i] = { ...b, seq: a.seq };
  out[j] = { ...a, seq: b.seq };
  return out;
}

/** What someone who can write the database but has no key can do: re-seal with plain SHA-256. */
function resealUnkeyed(records: ChainedRecord[], from: number): ChainedRecord[] {
  const out = records.slice(0, from);
  let prev = out.at(-1)?.hash ?? GENESIS_HASH;
  for (const r of records.slice(from)) {
    const hash = hashRecord(prev, r.seq, r, null);
    out.push({ ...r, prevHash: prev, hash, keyId: null });
    prev = hash;
  }
  return out;
}

const head = (records: ChainedRecord[]) => {
  const last = records.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : null;
};

function pick(result: ReturnType<typeof verifyChain>): { seq: number; kind: string } | null {
  return result.problem ? { seq: result.problem.seq, kind: result.problem.kind } : null;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } }),
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });
  it('leaves out undefined members and writes undefined array items as null', () => {
    assert.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}');
  });
  it('gives the same text for the same value built in another key order', () => {
    assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
  });
});

describe('sealRecords', () => {
  it('numbers records from 1, links the first to the genesis hash and names the key', () => {
    const [first, second] = chain(2);
    assert.equal(first?.seq, 1);
    assert.equal(first?.prevHash, GENESIS_HASH);
    assert.equal(second?.prevHash, first?.hash);
    assert.equal(first?.keyId, 'k-1');
    assert.match(first?.hash ?? '', /^[0-9a-f]{64}$/);
  });
  it('continues after a given head', () => {
    const [a] = sealRecords({ seq: 41, hash: 'f'.repeat(64) }, [draft(1)], KEY);
    assert.equal(a?.seq, 42);
    assert.equal(a?.hash, hashRecord('f'.repeat(64), 42, draft(1), KEY));
  });
  it('seals with HMAC-SHA256(key, prevHash + newline + keyId + newline + canonical JSON of the fields)', () => {
    const d = draft(1);
    const body = canonicalJson({
      seq: 1,
      ts: d.ts,
      orgId: d.orgId,
      actor: d.actor,
      action: d.action,
      subject: d.subject,
      data: d.data,
    });
    assert.equal(recordBody(1, d), body);
    assert.equal(
      hashRecord(GENESIS_HASH, 1, d, KEY),
      createHmac('sha256', KEY.secret).update(`${GENESIS_HASH}\nk-1\n${body}`).digest('hex'),
    );
    assert.equal(
      hashRecord(GENESIS_HASH, 1, d, null),
      createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex'),
      'unkeyed records (written before keys existed) keep plain SHA-256',
    );
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const records = chain(5);
    assert.deepEqual(verifyChain(records, KEYS, { expectedHead: head(records) }), {
      ok: true,
      records: 5,
      head: head(records),
      unkeyed: 0,
      checkpoints: 0,
    });
  });
  it('accepts an empty log', () => {
    assert.equal(verifyChain([], KEYS, { expectedHead: null }).ok, true);
  });
  it('finds an edited record at its seq', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, data: { n: 999 } };
    assert.deepEqual(pick(verifyChain(records, KEYS)), { seq: 3, kind: 'edited' });
  });
  it('finds a record rewritten and every later seal recomputed without the key (SHA-256 or another key)', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, data: { n: 999 } };
    assert.deepEqual(pick(verifyChain(resealUnkeyed(records, 2), KEYS)), { seq: 3, kind: 'edited' });
    const guessed: ChainKey = { id: 'k-1', secret: randomBytes(32) };
    const forged = sealRecords({ seq: 2, hash: records[1]!.hash }, records.slice(2), guessed);
    assert.deepEqual(pick(verifyChain([...records.slice(0, 2), ...forged], KEYS)), {
      seq: 3,
      kind: 'edited',
    });
  });
  it('names a record sealed with a key it does not hold as unverifiable', () => {
    const other: ChainKey = { id: 'k-other', secret: randomBytes(32) };
    const records = [...chain(2), ...sealRecords(head(chain(2)), [draft(3)], other)];
    assert.deepEqual(pick(verifyChain(records, KEYS)), { seq: 3, kind: 'unverifiable' });
    assert.equal(verifyChain(records, chainKeyring([KEY, other])).ok, true, 'rotated keys verify together');
  });
  it('accepts unkeyed records before keyed ones, and the first keyed seal covers them', () => {
    const legacy = resealUnkeyed(chain(3), 0);
    const records = [...legacy, ...sealRecords(head(legacy), [draft(4), draft(5)], KEY)];
    const result = verifyChain(records, KEYS, { expectedHead: head(records) });
    assert.equal(result.ok, true, result.problem?.message);
    assert.equal(result.unkeyed, 3);
    // Rewriting an unkeyed record, even re-sealed, breaks the link the keyed record keeps to it.
    const rewritten = resealUnkeyed(
      [...records.slice(0, 1), { ...records[1]!, data: { n: 0 } }, records[2]!],
      1,
    );
    assert.deepEqual(pick(verifyChain([...rewritten, ...records.slice(3)], KEYS)), {
      seq: 3,
      kind: 'edited',
    });
  });
  it('refuses an unkeyed record after keyed ones (the tail re-sealed without the key)', () => {
    const records = chain(5);
    records[4] = { ...records[4]!, data: { n: 0 } };
    assert.deepEqual(pick(verifyChain(resealUnkeyed(records, 4), KEYS)), { seq: 5, kind: 'edited' });
  });
  it('finds a removed record by the gap in seq', () => {
    const records = chain(5);
    records.splice(2, 1);
    assert.deepEqual(pick(verifyChain(records, KEYS)), { seq: 3, kind: 'removed' });
  });
  it('finds a removed record when the later ones were renumbered', () => {
    const records = chain(5);
    records.splice(2, 1);
    const renumbered = records.map((r, i) => ({ ...r, seq: i + 1 }));
    assert.deepEqual(pick(verifyChain(renumbered, KEYS)), { seq: 3, kind: 'removed' });
  });
  it('finds records cut from the end against the recorded head', () => {
    const records = chain(5);
    assert.deepEqual(pick(verifyChain(records.slice(0, 3), KEYS, { expectedHead: head(records) })), {
      seq: 4,
      kind: 'removed',
    });
  });
  it('names any swap a reordering, near or far, at the first place it shows', () => {
    for (const [i, j] of [
      [0, 1],
      [1, 2],
      [2, 5],
      [6, 7],
      [0, 7],
      [3, 4],
      [1, 6],
    ] as const) {
      const records = swapContents(chain(8), i, j);
      assert.deepEqual(
        pick(verifyChain(records, KEYS, { expectedHead: head(chain(8)) })),
        {
          seq: i + 1,
          kind: 'reordered',
        },
        `swap ${i + 1} and ${j + 1}`,
      );
    }
  });
  it('finds two records out of seq order as read', () => {
    const records = chain(5);
    [records[1], records[2]] = [records[2]!, records[1]!];
    assert.deepEqual(pick(verifyChain(records, KEYS)), { seq: 2, kind: 'reordered' });
  });
  it('finds a forged record inserted with a correct link', () => {
    const records = chain(5);
    const [forged] = sealRecords({ seq: 2, hash: records[1]!.hash }, [draft(99)], {
      id: 'k-1',
      secret: randomBytes(32),
    });
    const renumbered = [
      ...records.slice(0, 2),
      forged!,
      ...records.slice(2).map((r) => ({ ...r, seq: r.seq + 1 })),
    ];
    assert.deepEqual(pick(verifyChain(renumbered, KEYS)), { seq: 3, kind: 'inserted' });
    const duplicated = [...records.slice(0, 2), forged!, ...records.slice(2)];
    assert.deepEqual(pick(verifyChain(duplicated, KEYS)), { seq: 3, kind: 'inserted' });
  });
  it('finds a record appended past the recorded head', () => {
    const records = chain(5);
    const extended = [...records, ...sealRecords(head(records), [draft(6)], KEY)];
    assert.deepEqual(pick(verifyChain(extended, KEYS, { expectedHead: head(records) })), {
      seq: 6,
      kind: 'inserted',
    });
  });
});

describe('verifyChain against checkpoints', () => {
  const at = '2026-01-01T00:10:00.000Z';
  it('finds the tail cut off and the head moved back (which the chain alone cannot show)', () => {
    const records = chain(8);
    const cut = records.slice(0, 5);
    assert.equal(
      verifyChain(cut, KEYS, { expectedHead: head(cut) }).ok,
      true,
      'without a checkpoint it looks whole',
    );
    const result = verifyChain(cut, KEYS, {
      expectedHead: head(cut),
      checkpoints: [{ ...head(records)!, at }],
    });
    assert.deepEqual(pick(result), { seq: 6, kind: 'removed' });
    assert.match(
      result.problem?.message ?? '',
      /checkpoint of 2026-01-01T00:10:00.000Z shows records up to 8/,
    );
  });
  it('finds an emptied log', () => {
    const records = chain(4);
    const result = verifyChain([], KEYS, { expectedHead: null, checkpoints: [{ ...head(records)!, at }] });
    assert.deepEqual(pick(result), { seq: 1, kind: 'removed' });
    assert.match(result.problem?.message ?? '', /the log is empty/);
  });
  it('finds a log re-sealed from the start without the key (every record unkeyed)', () => {
    const records = chain(6);
    const rewritten = resealUnkeyed([{ ...records[0]!, data: { n: -1 } }, ...records.slice(1)], 0);
    assert.equal(verifyChain(rewritten, KEYS).ok, true, 'an all-unkeyed log verifies by itself');
    const result = verifyChain(rewritten, KEYS, { checkpoints: [{ seq: 4, hash: records[3]!.hash, at }] });
    assert.deepEqual(pick(result), { seq: 4, kind: 'edited' });
  });
  it('counts the checkpoints the log still contains', () => {
    const records = chain(6);
    const result = verifyChain(records, KEYS, {
      checkpoints: [
        { seq: 2, hash: records[1]!.hash, at },
        { seq: 6, hash: records[5]!.hash, at },
      ],
    });
    assert.equal(result.ok, true);
    assert.equal(result.checkpoints, 2);
  });
});

describe('ChainVerifier', () => {
  it('verifies page by page with the same result as in one go', () => {
    const records = chain(10);
    records[6] = { ...records[6]!, action: 'request.approved' };
    const verifier = new ChainVerifier(KEYS);
    for (let i = 0; i < records.length; i += 3) {
      if (!verifier.push(records.slice(i, i + 3))) break;
    }
    assert.deepEqual(pick(verifier.finish()), { seq: 7, kind: 'edited' });
  });
  it('classifies a swap across pages', () => {
    const records = swapContents(chain(12), 2, 9);
    const verifier = new ChainVerifier(KEYS);
    for (let i = 0; i < records.length; i += 4) verifier.push(records.slice(i, i + 4));
    assert.deepEqual(pick(verifier.finish()), { seq: 3, kind: 'reordered' });
  });
  it('resumes from a verified head', () => {
    const records = chain(6);
    const verifier = new ChainVerifier(KEYS, { start: { seq: 3, hash: records[2]!.hash } });
    verifier.push(records.slice(3));
    assert.equal(verifier.finish().ok, true);
  });
});

describe('checkpoints', () => {
  const pair = () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return { id: `s-${randomBytes(3).toString('hex')}`, privateKey, publicKey };
  };
  const mine = pair();
  const keys = signingKeyring([mine]);
  it('signs the head and checks its own signature', () => {
    const cp = signCheckpoint({ seq: 7, hash: 'a'.repeat(64) }, '2026-01-01T00:00:00.000Z', mine);
    assert.equal(cp.format, 'expacti-audit-checkpoint/1');
    assert.equal(cp.signer, mine.id);
    assert.equal(checkpointProblem(cp, keys), null);
    assert.equal(signCheckpoint(null, cp.at, mine).seq, 0, 'an empty log has a checkpoint too');
  });
  it('refuses a checkpoint whose content was changed after signing', () => {
    const cp = signCheckpoint({ seq: 7, hash: 'a'.repeat(64) }, '2026-01-01T00:00:00.000Z', mine);
    assert.match(checkpointProblem({ ...cp, seq: 3 }, keys) ?? '', /signature does not match/);
    assert.match(checkpointProblem({ ...cp, hash: 'b'.repeat(64) }, keys) ?? '', /signature does not match/);
  });
  it('refuses a checkpoint signed by another key, even one that carries its own public key', () => {
    const theirs = pair();
    const forged = signCheckpoint({ seq: 7, hash: 'a'.repeat(64) }, '2026-01-01T00:00:00.000Z', theirs);
    assert.match(checkpointProblem(forged, keys) ?? '', /does not hold/);
    assert.match(checkpointProblem({ ...forged, signer: mine.id }, keys) ?? '', /not this server's key/);
  });
});
