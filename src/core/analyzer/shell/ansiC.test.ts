import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnsiC } from './ansiC.js';

describe('decodeAnsiC', () => {
  it('decodes hex, octal, unicode and simple escapes', () => {
    assert.equal(decodeAnsiC('\\x72m'), 'rm');
    assert.equal(decodeAnsiC('\\162\\155'), 'rm');
    assert.equal(decodeAnsiC('\\u0041\\U0001F600'), 'A😀');
    assert.equal(decodeAnsiC("a\\tb\\nc\\\\d\\'e"), "a\tb\nc\\d'e");
    assert.equal(decodeAnsiC('\\cA'), '\x01');
  });

  it('ends the string at a NUL, as bash does', () => {
    assert.equal(decodeAnsiC('ab\\x00cd'), 'ab');
    assert.equal(decodeAnsiC('ab\\0cd'), 'ab');
  });

  it('keeps unknown escapes', () => {
    assert.equal(decodeAnsiC('\\q\\x'), '\\q\\x');
  });
});
