import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hookTimeoutFor, isExpactiHook, mergeClaudeHook } from './claudeSettings.js';

const spec = {
  command: "'/usr/bin/node' '/opt/expacti/bin/expacti.js' hook claude --timeout 600 || exit 2",
  timeout: 600,
};

describe('mergeClaudeHook', () => {
  it('adds a Bash matcher group to empty settings, blocking when the hook fails (onFailure)', () => {
    const { settings, change } = mergeClaudeHook({}, spec);
    assert.equal(change, 'added');
    assert.deepEqual(settings, {
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', ...spec, onFailure: 'block' }] }] },
    });
  });

  it('is idempotent and replaces an older expacti hook in place, even one sharing a group', () => {
    const first = mergeClaudeHook(
      {
        hooks: {
          PreToolUse: [
            {
              matcher: 'Bash',
              hooks: [
                { type: 'command', command: 'audit-log' },
                { type: 'command', command: 'expacti hook claude', timeout: 60 },
              ],
            },
          ],
        },
      },
      spec,
    );
    assert.equal(first.change, 'updated');
    assert.deepEqual(first.settings['hooks'], {
      PreToolUse: [
        { matcher: 'Bash', hooks: [{ type: 'command', ...spec, onFailure: 'block' }] },
        { matcher: 'Bash', hooks: [{ type: 'command', command: 'audit-log' }] },
      ],
    });
    assert.equal(mergeClaudeHook(first.settings, spec).change, 'unchanged');
  });

  it('keeps fields the user added to the expacti entry', () => {
    const withMessage = {
      hooks: {
        PreToolUse: [
          {
            matcher: 'Bash',
            hooks: [
              { type: 'command', command: 'expacti hook claude', timeout: 60, statusMessage: 'asking' },
            ],
          },
        ],
      },
    };
    const { settings } = mergeClaudeHook(withMessage, spec);
    assert.deepEqual(settings['hooks'], {
      PreToolUse: [
        {
          matcher: 'Bash',
          hooks: [{ type: 'command', ...spec, statusMessage: 'asking', onFailure: 'block' }],
        },
      ],
    });
  });

  it('refuses settings it does not understand instead of overwriting them', () => {
    assert.throws(() => mergeClaudeHook([], spec), /not a JSON object/);
    assert.throws(() => mergeClaudeHook({ hooks: { PreToolUse: {} } }, spec), /PreToolUse" is not an array/);
  });
});

describe('isExpactiHook', () => {
  it('recognises expacti hook commands however expacti is started', () => {
    assert.equal(isExpactiHook({ command: 'expacti hook claude' }), true);
    assert.equal(isExpactiHook({ command: "'/x/bin/expacti.js' hook claude --timeout 9" }), true);
    assert.equal(isExpactiHook({ command: 'npx expacti hook claude' }), true);
    assert.equal(isExpactiHook({ command: 'my-hook claude' }), false);
  });
});

describe('hookTimeoutFor', () => {
  it('stays above the org approval timeout and at least 10 minutes', () => {
    assert.equal(hookTimeoutFor(undefined), 600);
    assert.equal(hookTimeoutFor(60), 600);
    assert.equal(hookTimeoutFor(1800), 1830);
  });
});
