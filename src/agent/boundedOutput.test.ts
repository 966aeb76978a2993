import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedOutput } from './boundedOutput.js';

describe('BoundedOutput', () => {
  it('keeps everything under the limit', () => {
    const out = new BoundedOutput(100);
    out.push(Buffer.from('hello '));
    out.push(Buffer.from('world'));
    assert.deepEqual(out.result(), { text: 'hello world', bytes: 11, omitted: 0 });
  });

  it('keeps the beginning and the end of a long stream and counts what it cut', () => {
    const out = new BoundedOutput(10);
    for (const c of ['abc', 'defgh', 'ijklmnop', 'qrst', 'uvwxyz']) out.push(Buffer.from(c));
    const r = out.result();
    assert.equal(r.bytes, 26);
    assert.equal(r.omitted, 16);
    assert.equal(r.text, 'abcde\n[… 16 bytes omitted …]\nvwxyz');
  });
});
