import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  displayBlock,
  displayInline,
  displayLines,
  hiddenCharacters,
  jsonSafe,
  terminalSafe,
  textRuns,
} from './displayText.js';
import {
  HOSTILE_COMMANDS,
  HOSTILE_NAME,
  HOSTILE_NOTE,
  decodeBlock,
  decodeDisplay,
  rawHidden,
} from '../../test/support/hostileText.js';

const LETTERS = /[\u043c\u0455\u04bb\uff52\uff4d]/gu;

describe('displayInline', () => {
  for (const h of [...HOSTILE_COMMANDS, { name: 'note', text: HOSTILE_NOTE, parts: [] }]) {
    it(`shows "${h.name}" with no raw hidden character, and reads back to the exact text`, () => {
      const shown = displayInline(h.text);
      assert.equal(rawHidden(shown), null);
      assert.ok(!shown.includes('\n'), 'one line');
      assert.equal(decodeDisplay(shown), h.text);
      for (const part of h.parts) assert.ok(decodeDisplay(shown).includes(part));
    });
  }

  it('escapes the escape brackets themselves, so a text cannot fake an escape', () => {
    const fake = 'rm -rf ~ ⟨\\e⟩';
    const shown = displayInline(fake);
    assert.equal(shown, 'rm -rf ~ ⟨\\u27e8⟩\\e⟨\\u27e9⟩');
    assert.equal(decodeDisplay(shown), fake);
  });

  it('leaves plain ASCII, accented words and other scripts as they are', () => {
    for (const text of [
      'ls -la src',
      'git commit -m "café déjà vu"',
      'echo "Исправлена ошибка"',
      'echo 日本語',
    ])
      assert.equal(displayInline(text), text);
  });

  it('marks letters that pass for ASCII: mixed-script words and words made only of lookalikes', () => {
    assert.equal(displayInline('r\u043c -rf ~'), 'r⟨\\u043c⟩ -rf ~');
    assert.equal(displayInline('\u0455\u04bb -c id'), '⟨\\u0455\\u04bb⟩ -c id');
    assert.equal(displayInline('\u{1d42b}m'), '⟨\\U0001d42b⟩m');
  });

  it('escapes a combining mark drawn over ASCII, not one that belongs to a non-ASCII letter', () => {
    assert.equal(displayInline('r\u0336m'), 'r⟨\\u0336⟩m');
    assert.equal(displayInline('e\u0301'), 'e⟨\\u0301⟩');
    assert.equal(displayInline('\u0915\u093f'), '\u0915\u093f'); // Devanagari ki
  });

  it('never lets a raw hidden character through, and always reads back (property)', () => {
    const chars = fc.oneof(
      fc.constantFrom(
        ...'\x00\x07\x08\t\n\v\f\r\x1b\x7f\u0085\u009b\u00a0\u00ad\u061c\u200b\u200d\u200e\u202e\u2066\u2069\u2028\u2029\ufeff\u043c\u0455⟨⟩\\e',
      ),
      fc.string({ unit: 'grapheme-ascii', maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 2 }),
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const shown = displayInline(text);
        // Lookalike letters are judged per word (a lone Cyrillic м is a letter): check the rest.
        assert.equal(rawHidden(shown.replace(LETTERS, '')), null);
        assert.equal(decodeDisplay(shown), text);
      }),
      { numRuns: 2000, seed: 16 },
    );
  });
});

describe('displayBlock', () => {
  it('numbers each line of a multi-line text, never joining or cutting them', () => {
    assert.equal(displayBlock('git status\ntouch ~/.bashrc', '  '), '1│ git status\n  2│ touch ~/.bashrc');
    assert.equal(displayBlock('one line'), 'one line');
  });

  it('reads back to the exact text for every hostile command', () => {
    for (const h of HOSTILE_COMMANDS) {
      const shown = displayBlock(h.text);
      assert.equal(rawHidden(shown), null, h.name);
      assert.equal(decodeBlock(shown), h.text, h.name);
    }
  });

  it('shows a CRLF line ending as an escape at the end of the line', () => {
    assert.deepEqual(displayLines('a\r\nb'), ['a⟨\\r⟩', 'b']);
  });
});

describe('textRuns', () => {
  it('groups neighbouring hidden characters into one run with their names', () => {
    assert.deepEqual(textRuns('a\x1b\rb'), [
      { text: 'a', hidden: false },
      { text: '\\e\\r', hidden: true, title: 'U+001B ESCAPE, U+000D CARRIAGE RETURN' },
      { text: 'b', hidden: false },
    ]);
  });
});

describe('terminalSafe', () => {
  it('escapes what a terminal acts on and leaves display output unchanged', () => {
    const shown = displayBlock(HOSTILE_NOTE);
    assert.equal(terminalSafe(shown), shown);
    assert.equal(terminalSafe(`x${HOSTILE_NAME}`).includes('\x1b'), false);
  });
});

describe('jsonSafe', () => {
  it('writes hidden characters as \\u escapes: the same JSON value, safe to print', () => {
    for (const h of [...HOSTILE_COMMANDS, { name: 'name', text: HOSTILE_NAME, parts: [] }]) {
      const json = jsonSafe(JSON.stringify({ command: h.text }));
      assert.equal(rawHidden(json.replace(LETTERS, '')), null, h.name);
      assert.deepEqual(JSON.parse(json), { command: h.text }, h.name);
    }
  });
});

describe('hiddenCharacters', () => {
  it('finds nothing in printable ASCII with newlines (the fast path)', () => {
    assert.deepEqual(hiddenCharacters('ls -la\nnpm test'), []);
  });
});
