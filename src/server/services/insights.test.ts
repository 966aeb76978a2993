import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision } from '../../protocol/index.js';
import type { RequestRecord } from '../../store/records.js';
import { computeInsights, median, outcomeOf } from './insights.js';
import { computeReviewerLoad, prompted } from './reviewerLoad.js';
import type { WhitelistEntry } from '../../store/records.js';

const NOW = new Date('2026-11-24T12:00:00Z');

function req(
  id: string,
  createdAt: string,
  status: RequestRecord['status'],
  by?: Decision['by'],
  decidedAfterS = 0,
  tier: RequestRecord['analysis']['tier'] = 'medium',
  score = 50,
  agent = 'a1',
): RequestRecord {
  return {
    id,
    orgId: 'o',
    agentTokenId: 't',
    agentName: agent,
    command: { shell: `cmd ${id}` },
    commandText: `cmd ${id}`,
    cwd: '/',
    host: null,
    osUser: null,
    session: null,
    gitBranch: null,
    reason: null,
    analysis: {
      tier,
      score,
      reasons: [],
      summary: [],
      parts: [],
      canonical: null,
      parsed: true,
      suggestions: [],
    },
    context: null,
    status,
    createdAt,
    expiresAt: createdAt,
    decision:
      status === 'pending' || !by
        ? null
        : {
            outcome: status,
            by,
            justification: '',
            at: new Date(Date.parse(createdAt) + decidedAfterS * 1000).toISOString(),
          },
    claimBy: null,
    execution: null,
  };
}

const user = { kind: 'user' as const, id: 'u', name: 'ana' };
const wl = { kind: 'whitelist' as const, entryId: 'e', approvedBy: 'ana', approvedAt: '', hits: 1 };

describe('computeInsights', () => {
  it('counts outcomes per day, with whitelist approvals as auto-allowed', () => {
    const records = [
      req('1', '2026-11-24T10:00:00Z', 'approved', wl),
      req('2', '2026-11-24T10:01:00Z', 'approved', user, 10),
      req('3', '2026-11-24T10:02:00Z', 'denied', user, 30, 'critical', 95, 'a2'),
      req('4', '2026-11-23T10:00:00Z', 'expired', { kind: 'system' }),
      req('5', '2026-11-24T11:00:00Z', 'pending'),
    ];
    const out = computeInsights(records, NOW, 7);
    assert.equal(out.perDay.length, 7);
    const today = out.perDay.at(-1);
    assert.deepEqual(
      { ...today, hitRate: Math.round((today?.hitRate ?? 0) * 100) },
      {
        day: '2026-11-24',
        autoAllowed: 1,
        approved: 1,
        denied: 1,
        expired: 0,
        pending: 1,
        hitRate: 33,
        medianDecisionSeconds: 20,
      },
    );
    assert.equal(out.perDay.at(-2)?.expired, 1);
    assert.equal(out.medianDecisionSeconds, 20);
    assert.equal(out.riskiestCommands[0]?.commandText, 'cmd 3');
    assert.equal(out.riskiestAgents[0]?.agent, 'a2');
    assert.ok(
      !out.riskiestCommands.some((c) => c.commandText === 'cmd 1'),
      'auto-allowed commands are not among the riskiest',
    );
  });

  it('leaves days without decisions without a rate or a median', () => {
    const out = computeInsights([], NOW, 3);
    assert.deepEqual(
      out.perDay.map((d) => [d.hitRate, d.medianDecisionSeconds]),
      [
        [null, null],
        [null, null],
        [null, null],
      ],
    );
  });
});

describe('outcomeOf and median', () => {
  it('tells auto-allowed from approved', () => {
    assert.equal(outcomeOf(req('1', '2026-11-24T10:00:00Z', 'approved', wl)), 'autoAllowed');
    assert.equal(outcomeOf(req('1', '2026-11-24T10:00:00Z', 'approved', user)), 'approved');
    const policy = { kind: 'policy' as const, rule: 'auto-allow read-only' };
    assert.equal(outcomeOf(req('1', '2026-11-24T10:00:00Z', 'approved', policy)), 'autoAllowed');
  });
  it('takes the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([1, 2, 3, 10]), 2.5);
  });
});

describe('reviewer load', () => {
  const entry = (id: string, pattern: string, exact: boolean) =>
    ({ id, pattern, exact }) as unknown as WhitelistEntry;
  const typed = (r: RequestRecord, suggestion: string, tier: RequestRecord['analysis']['tier'] = 'low') => {
    r.analysis = { ...r.analysis, tier, suggestions: [suggestion] };
    return r;
  };
  const wlBy = (entryId: string) => ({
    kind: 'whitelist' as const,
    entryId,
    approvedBy: 'ana',
    approvedAt: '2026-11-01T00:00:00Z',
    hits: 0,
  });

  it('counts a prompt for each request a person saw (or left to expire, or still waits on)', () => {
    assert.equal(prompted(req('1', '2026-11-24T10:00:00Z', 'approved', user)), true);
    assert.equal(prompted(req('2', '2026-11-24T10:00:00Z', 'denied', user)), true);
    assert.equal(prompted(req('3', '2026-11-24T10:00:00Z', 'pending')), true);
    assert.equal(prompted(req('4', '2026-11-24T10:00:00Z', 'expired', { kind: 'system' })), true);
    assert.equal(prompted(req('5', '2026-11-24T10:00:00Z', 'approved', wl)), false);
    assert.equal(prompted(req('6', '2026-11-24T10:00:00Z', 'denied', { kind: 'policy', rule: 'x' })), false);
  });

  it('gives prompts per 100 per day, passes by reason and the shapes that ask most', () => {
    const records = [
      typed(req('1', '2026-11-24T10:00:00Z', 'approved', user), 'sed -n <range>p <path>'),
      typed(req('2', '2026-11-24T10:01:00Z', 'approved', user), 'sed -n <range>p <path>', 'medium'),
      typed(req('3', '2026-11-24T10:02:00Z', 'pending'), 'git push origin main', 'high'),
      typed(req('3b', '2026-11-24T10:02:30Z', 'denied', user), 'git push origin main', 'high'),
      req('4', '2026-11-24T10:03:00Z', 'approved', { kind: 'policy', rule: 'auto-allow read-only' }),
      req('5', '2026-11-24T10:04:00Z', 'approved', { kind: 'policy', rule: 'auto-allow project' }),
      req('6', '2026-11-24T10:05:00Z', 'approved', wlBy('e1')),
      req('7', '2026-11-24T10:06:00Z', 'approved', wlBy('e2')),
      req('8', '2026-11-23T10:06:00Z', 'approved', wlBy('e3')),
    ];
    const load = computeReviewerLoad(
      records,
      [
        entry('e1', 'sed -n <range>p <path>', false),
        entry('e2', 'npm test **', false),
        entry('e3', 'ls', true),
      ],
      ['2026-11-22', '2026-11-23', '2026-11-24'],
    );
    assert.deepEqual(load.promptsPer100, [
      { day: '2026-11-22', value: null },
      { day: '2026-11-23', value: 0 },
      { day: '2026-11-24', value: 50 },
    ]);
    assert.equal(load.prompts, 4);
    assert.equal(load.commands, 9);
    assert.deepEqual(load.passed, {
      'read-only': 1,
      project: 1,
      'typed pattern': 1,
      pattern: 1,
      'exact entry': 1,
    });
    assert.deepEqual(
      load.shapes.map((s) => [s.pattern, s.prompts, s.tier, s.typed]),
      [
        ['sed -n <range>p <path>', 2, 'medium', true],
        ['git push origin main', 2, 'high', false],
      ],
    );
  });
});
