/** The dashboard's pure view logic: marking risky parts, queue order, and history export. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisView, RequestView } from '../src/protocol/index.js';
import { markParts, segments } from '../web/src/queue/partTiers.js';
import { effectiveTier, queueOrder, matchesSearch } from '../web/src/queue/order.js';
import { toCsv, toJsonLines } from '../web/src/history/exportRows.js';

function analysis(over: Partial<AnalysisView>): AnalysisView {
  return {
    tier: 'safe',
    score: 0,
    reasons: [],
    summary: [],
    parts: [],
    canonical: null,
    parsed: true,
    suggestions: [],
    ...over,
  };
}

function request(id: string, over: Partial<RequestView> = {}): RequestView {
  return {
    id,
    agent: { id: 't', name: 'builder' },
    command: { shell: 'ls' },
    commandText: 'ls',
    cwd: '/srv',
    host: 'ci-1',
    osUser: null,
    session: 's1',
    gitBranch: null,
    reason: null,
    status: 'pending',
    createdAt: '2026-11-24T10:00:00.000Z',
    expiresAt: '2026-11-24T10:01:00.000Z',
    analysis: analysis({}),
    ...over,
  };
}

describe('markParts and segments', () => {
  it('marks the part a reason names, and leaves the safe part plain', () => {
    const a = analysis({
      tier: 'critical',
      parts: ['git status', 'rm -rf ~'],
      reasons: [{ code: 'delete.home', message: 'Deletes your home directory: rm -rf ~', tier: 'critical' }],
    });
    const parts = markParts(a);
    assert.deepEqual(
      parts.map((p) => p.tier),
      [null, 'critical'],
    );
    const segs = segments('git status && rm -rf ~', parts);
    assert.deepEqual(
      segs.map((s) => [s.text, s.part?.tier ?? null]),
      [
        ['git status', null],
        [' && ', null],
        ['rm -rf ~', 'critical'],
      ],
    );
  });

  it('gives a lone part the whole tier, and keeps text it cannot place', () => {
    const parts = markParts(analysis({ tier: 'high', parts: ['sudo reboot'] }));
    assert.equal(parts[0]?.tier, 'high');
    assert.deepEqual(
      segments('sudo  reboot', parts).map((s) => s.text),
      ['sudo  reboot'],
    );
  });
});

describe('queueOrder', () => {
  it('puts the riskiest first, then the oldest', () => {
    const rows = [
      request('new-low', { createdAt: '2026-11-24T10:00:05Z', analysis: analysis({ tier: 'low' }) }),
      request('old-low', { createdAt: '2026-11-24T10:00:01Z', analysis: analysis({ tier: 'low' }) }),
      request('high', { createdAt: '2026-11-24T10:00:09Z', analysis: analysis({ tier: 'high' }) }),
      request('raised', {
        createdAt: '2026-11-24T10:00:09Z',
        analysis: analysis({ tier: 'low' }),
        context: { assessment: { tier: 'critical', reasons: [] } },
      }),
    ];
    assert.deepEqual(
      rows.sort(queueOrder).map((r) => r.id),
      ['raised', 'high', 'old-low', 'new-low'],
    );
    assert.equal(effectiveTier(rows[0] as RequestView), 'critical');
  });

  it('searches every word across command, agent, host, cwd and reason', () => {
    const r = request('x', { commandText: 'npm test', reason: 'run the suite' });
    assert.equal(matchesSearch(r, 'npm ci-1'), true);
    assert.equal(matchesSearch(r, 'npm prod'), false);
  });
});

describe('history export', () => {
  it('writes CSV that a spreadsheet reads as text, quoting commas, quotes and formulas', () => {
    const csv = toCsv([request('a', { commandText: 'echo "a,b"', reason: '=HYPERLINK("x")' })]);
    const [header, line] = csv.split('\r\n');
    assert.match(header ?? '', /^id,created_at,agent,/);
    assert.match(line ?? '', /,"echo ""a,b""",/);
    assert.match(line ?? '', /,"'=HYPERLINK\(""x""\)",/);
  });

  it('writes one JSON object per line', () => {
    const text = toJsonLines([request('a'), request('b')]);
    assert.deepEqual(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as RequestView).id),
      ['a', 'b'],
    );
  });
});
