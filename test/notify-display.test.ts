/**
 * Chat and mail notifications follow the display rule (issue 16): hidden characters in anything
 * the agent chose are escaped, and in Slack nothing the agent chose becomes a link, a mention or
 * the end of the command's code block.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mailText, slackBody, type NotifyContent } from '../src/server/services/notify/message.js';

const content: NotifyContent = {
  event: 'pending',
  requestId: 'r1',
  title: 'A high request waits for a reviewer',
  // A bidi override hides `rm -rf ~`; an escape sequence would clear the reader's terminal line.
  command: 'echo ok \u202e~ fr- mr\u202c\x1b[2K; ``` <!channel>',
  tier: 'high',
  reasons: ['Deletes <https://evil.example|your files>'],
  agent: 'ci <!here>',
  cwd: '/srv/app',
  host: null,
  branch: 'feature/<https://evil.example|main>',
  session: null,
  rules: [],
  approvals: null,
  escalatedTo: null,
  status: 'pending',
  decision: null,
  reads: [],
  tainted: false,
  link: 'https://expacti.local/r/1',
  expiresAt: '2026-12-07T00:00:00Z',
};

describe('notification text', () => {
  it('escapes hidden characters and Slack markup in a Slack message', () => {
    const body = JSON.stringify(slackBody(content));
    assert.ok(!body.includes('\u202e'), 'the bidi override is never raw');
    assert.ok(body.includes('⟨\\\\u202e⟩'), `the bidi override is shown escaped: ${body}`);
    assert.ok(!body.includes('\\u001b'), 'no raw escape character (JSON would spell it \\u001b)');
    assert.ok(!body.includes('<!channel>') && !body.includes('<!here>'), 'no mention reaches Slack');
    assert.ok(!body.includes('<https://evil.example|'), 'no agent-chosen link');
    const code = (slackBody(content).blocks as Array<{ text?: { text: string } }>)[1]?.text?.text ?? '';
    assert.equal(code.split('```').length, 3, `the command's code block cannot be closed early: ${code}`);
  });

  it('escapes hidden characters in mail', () => {
    const { text } = mailText(content);
    assert.ok(!text.includes('\u202e') && !text.includes('\x1b'), 'no raw hidden characters in the mail');
    assert.match(text, /echo ok/);
  });
});
