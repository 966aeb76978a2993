import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, GENESIS_HASH, hashRecord, sealRecords, verifyChain, ChainVerifier } from './index.js';
import type { AuditContent, ChainedRecord } from './index.js';

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

function chain(n: number): ChainedRecord[] {
  return sealRecords(
    null,
    Array.from({ length: n }, (_, i) => draft(i + 1)),
  );
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
  it('numbers records from 1 and links the first to the genesis hash', () => {
    const [first, second] = chain(2);
    assert.equal(first?.seq, 1);
    assert.equal(first?.prevHash, GENESIS_HASH);
    assert.equal(second?.prevHash, first?.hash);
    assert.match(first?.hash ?? '', /^[0-9a-f]{64}$/);
  });
  it('continues after a given head', () => {
    const [a] = sealRecords({ seq: 41, hash: 'f'.repeat(64) }, [draft(1)]);
    assert.equal(a?.seq, 42);
    assert.equal(a?.hash, hashRecord('f'.repeat(64), 42, draft(1)));
  });
  it('hashes sha256(prevHash + newline + canonical JSON of the fields)', async () => {
    const { createHash } = await import('node:crypto');
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
    assert.equal(
      hashRecord(GENESIS_HASH, 1, d),
      createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex'),
    );
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const records = chain(5);
    assert.deepEqual(verifyChain(records, { expectedHead: { seq: 5, hash: records[4]!.hash } }), {
      ok: true,
      records: 5,
      head: { seq: 5, hash: records[4]!.hash },
    });
  });
  it('accepts an empty log', () => {
    assert.deepEqual(verifyChain([], { expectedHead: null }), { ok: true, records: 0, head: null });
  });
  it('finds an edited record at its seq', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, data: { n: 999 } };
    assert.deepEqual(pick(verifyChain(records)), { seq: 3, kind: 'edited' });
  });
  it('finds a record rewritten and re-hashed by the link the next record keeps to the old version', () => {
    const records = chain(5);
    const forged = { ...records[2]!, data: { n: 999 } };
    records[2] = { ...forged, hash: hashRecord(forged.prevHash, 3, forged) };
    assert.deepEqual(pick(verifyChain(records)), { seq: 3, kind: 'edited' });
  });
  it('finds a removed record by the gap in seq', () => {
    const records = chain(5);
    records.splice(2, 1);
    assert.deepEqual(pick(verifyChain(records)), { seq: 3, kind: 'removed' });
  });
  it('finds a removed record when the later ones were renumbered', () => {
    const records = chain(5);
    records.splice(2, 1);
    const renumbered = records.map((r, i) => ({ ...r, seq: i + 1 }));
    assert.deepEqual(pick(verifyChain(renumbered)), { seq: 3, kind: 'removed' });
  });
  it('finds records cut from the end against the recorded head', () => {
    const records = chain(5);
    assert.deepEqual(
      pick(verifyChain(records.slice(0, 3), { expectedHead: { seq: 5, hash: records[4]!.hash } })),
      {
        seq: 4,
        kind: 'removed',
      },
    );
  });
  it('finds two swapped records', () => {
    const records = chain(5);
    [records[1], records[2]] = [records[2]!, records[1]!];
    assert.deepEqual(pick(verifyChain(records)), { seq: 2, kind: 'reordered' });
  });
  it('finds two records whose seq numbers were swapped', () => {
    const records = chain(5);
    const a = records[1]!;
    const b = records[2]!;
    records[1] = { ...b, seq: 2 };
    records[2] = { ...a, seq: 3 };
    assert.deepEqual(pick(verifyChain(records)), { seq: 2, kind: 'reordered' });
  });
  it('finds a forged record inserted with a correct hash', () => {
    const records = chain(5);
    const [forged] = sealRecords({ seq: 2, hash: records[1]!.hash }, [draft(99)]);
    const renumbered = [
      ...records.slice(0, 2),
      forged!,
      ...records.slice(2).map((r) => ({ ...r, seq: r.seq + 1 })),
    ];
    assert.deepEqual(pick(verifyChain(renumbered)), { seq: 3, kind: 'inserted' });
    const duplicated = [...records.slice(0, 2), forged!, ...records.slice(2)];
    assert.deepEqual(pick(verifyChain(duplicated)), { seq: 3, kind: 'inserted' });
  });
  it('finds a record appended past the recorded head', () => {
    const records = chain(5);
    const extended = [...records, ...sealRecords({ seq: 5, hash: records[4]!.hash }, [draft(6)])];
    assert.deepEqual(pick(verifyChain(extended, { expectedHead: { seq: 5, hash: records[4]!.hash } })), {
      seq: 6,
      kind: 'inserted',
    });
  });
});

describe('ChainVerifier', () => {
  it('verifies page by page with the same result as in one go', () => {
    const records = chain(10);
    records[6] = { ...records[6]!, action: 'request.approved' };
    const verifier = new ChainVerifier();
    for (let i = 0; i < records.length; i += 3) {
      if (!verifier.push(records.slice(i, i + 3))) break;
    }
    assert.deepEqual(pick(verifier.finish()), { seq: 7, kind: 'edited' });
  });
  it('resumes from a verified head', () => {
    const records = chain(6);
    const verifier = new ChainVerifier({ seq: 3, hash: records[2]!.hash });
    verifier.push(records.slice(3));
    assert.equal(verifier.finish().ok, true);
  });
});

function pick(result: ReturnType<typeof verifyChain>): { seq: number; kind: string } | null {
  return result.problem ? { seq: result.problem.seq, kind: result.problem.kind } : null;
}
