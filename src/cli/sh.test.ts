import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shellFor } from '../agent/exec.js';
import { parseShArgs } from './sh.js';

describe('parseShArgs', () => {
  it('submits a plain -c string as the shell string, so whitelist entries apply', () => {
    assert.deepEqual(parseShArgs(['-c', 'git status && npm test']), {
      command: { shell: 'git status && npm test' },
    });
  });

  it('submits the whole invocation when options or positional arguments change what runs', () => {
    const bash = shellFor();
    assert.deepEqual(parseShArgs(['-c', 'rm -r "$1"', 'sh', 'build']), {
      command: { argv: [bash, '-c', 'rm -r "$1"', 'sh', 'build'] },
    });
    assert.deepEqual(parseShArgs(['-lc', 'make']), { command: { argv: [bash, '-lc', 'make'] } });
    assert.deepEqual(parseShArgs(['-o', 'pipefail', '-c', 'a | b']), {
      command: { argv: [bash, '-o', 'pipefail', '-c', 'a | b'] },
    });
  });

  it('runs nothing for an empty string and refuses what it cannot gate', () => {
    assert.deepEqual(parseShArgs(['-c', '  ']), { command: null });
    assert.match((parseShArgs(['script.sh']) as { error: string }).error, /only command strings/);
    assert.match((parseShArgs(['-i', '-c', 'ls']) as { error: string }).error, /unsupported option -i/);
    assert.match(
      (parseShArgs(['--rcfile', 'x', '-c', 'ls']) as { error: string }).error,
      /only command strings/,
    );
    assert.match((parseShArgs(['-c']) as { error: string }).error, /requires an argument/);
  });
});
