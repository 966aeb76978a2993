import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SentinelFilter } from './sentinelFilter.js';

describe('SentinelFilter', () => {
  it('passes output through and reports each end mark with its status', () => {
    const f = new SentinelFilter('abc');
    assert.deepEqual(f.push('hello\n\x1eabc:0\x1e\nnext\x1eabc:17\x1e\n'), {
      output: 'hello\nnext',
      ended: [0, 17],
    });
  });

  it('holds back a mark split across chunks, byte by byte', () => {
    const f = new SentinelFilter('n0nce');
    const text = 'out\x1en0nce:3\x1e\nafter';
    let output = '';
    const ended: number[] = [];
    for (const ch of text) {
      const r = f.push(ch);
      output += r.output;
      ended.push(...r.ended);
    }
    assert.equal(output, 'outafter');
    assert.deepEqual(ended, [3]);
  });

  it('does not swallow text that only looks like the start of a mark', () => {
    const f = new SentinelFilter('n0nce');
    const a = f.push('x\x1en0nce:zz');
    assert.deepEqual(a, { output: 'x\x1en0nce:zz', ended: [] });
    assert.deepEqual(f.push('\x1eother'), { output: '\x1eother', ended: [] });
  });
});
