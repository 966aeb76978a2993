/**
 * Perl one-liners that only substitute or transliterate are read as such; every way Perl runs
 * code inside those statements keeps the code unknown (perlSubstitution.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { perlSubstitutionOnly } from '../../src/core/analyzer/shell/perlSubstitution.js';

describe('perlSubstitutionOnly', () => {
  it('accepts substitutions and transliterations with plain flags and capture groups', () => {
    for (const code of [
      's/old/new/g',
      's|/usr/local|/opt|g; s/foo/bar/',
      's/^\\s+//',
      's/(\\w+)-(\\w+)/$2_$1/gi',
      's/a/${1}b/',
      's/x$//',
      's/(a|b$)/[$&]/g',
      'tr/a-z/A-Z/',
      'y/ab/ba/',
      's#\\#include#// include#',
      "s'a'b'",
    ])
      assert.equal(perlSubstitutionOnly(code), true, code);
  });

  it('refuses code: the e flag, code in patterns, evaluating interpolation, other statements', () => {
    for (const code of [
      's/x/system("id")/e',
      's/x/`id`/ee',
      's/(?{ system("id") })//',
      's/(??{ "x" })//',
      's/a/@{[ system("id") ]}/',
      's/a/${\\ system("id")}/',
      's/a/$ENV{HOME}/',
      's/a/$x[0]/',
      's/a/$1{x}/',
      's/@{[ `id` ]}/b/',
      's/$x/b/',
      'unlink "x"',
      'print; s/a/b/',
      's{a}{b}',
      's/a/b/; system("id")',
      's/a/b',
      '',
      'BEGIN { system("id") } s/a/b/',
    ])
      assert.equal(perlSubstitutionOnly(code), false, code);
  });
});
