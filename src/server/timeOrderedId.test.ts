import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { timeOrderedId } from './timeOrderedId.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a version 7 UUID whose first 48 bits are the millisecond time', () => {
    const at = Date.UTC(2026, 11, 7, 19, 0, 0, 123);
    const id = timeOrderedId(at);
    assert.match(id, V7);
    assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  });
  it('sorts as text in the order of the times it was made at', () => {
    const times = [0, 1, 255, 256, 65_535, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 2 ** 48 - 1];
    const ids = times.map((t) => timeOrderedId(t));
    assert.deepEqual([...ids].sort(), ids);
  });
  it('differs for ids made in the same millisecond (74 random bits)', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId(1_700_000_000_000)));
    assert.equal(ids.size, 10_000);
  });
});
