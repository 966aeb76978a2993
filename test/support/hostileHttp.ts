/**
 * Hostile HTTP for every route the server mounts (issue 26 item 5): generated calls — any route of
 * the endpoint table, any credential (none, garbage, the wrong role, another org's), any path id
 * (real ones of another org, unknown, malformed), and bodies from random JSON to near-valid ones
 * with one field made hostile — and the checks every answer must pass. Shared by the test (a fixed
 * seed, a few thousand calls) and the bench (100,000).
 */
import fc from 'fast-check';
import { ENDPOINTS, type Endpoint } from '../../src/server/openapi/endpoints.js';

export interface Principals {
  /** The org under attack: its admin and agent (used only where a call cannot legitimately decide). */
  adminA: string;
  agentA: string;
  /** Another org on the same server. */
  adminB: string;
  agentB: string;
}

/** Resources of org A that nothing in the run may change or reveal to org B. */
export interface Guarded {
  pending: string;
  executed: string;
  entry: string;
  /** Text of org A's commands that org B must never see. */
  marker: string;
}

export interface HostileCall {
  /** The route as mounted (`/v1/requests/:id/approve`). */
  route: string;
  method: string;
  path: string;
  token: keyof Principals | 'none' | 'garbage';
  body: string | undefined;
  /** The id put in the path (if the route has one). */
  id: string | null;
}

const HOSTILE_STRINGS = [
  '',
  'a\u0000b',
  'a\ud800b',
  '\u202egnp.exe',
  'x'.repeat(70 * 1024),
  '../../../../etc/passwd',
  '%00',
  '${jndi:ldap://x}',
  "'; DROP TABLE requests; --",
  '$(rm -rf /)',
  '\u200b',
  '🙂'.repeat(100),
  '{"__proto__":{"admin":true}}',
];

/** A near-valid body per route: the template a field of which is then made hostile. */
function template(e: Endpoint): Record<string, unknown> {
  const c = e.body?.component;
  switch (c) {
    case 'SubmitRequest':
      return { command: { shell: 'echo fuzz' }, cwd: '/tmp', session: 'fuzz' };
    case 'Check':
      return { command: { argv: ['ls', '-la'] } };
    case 'AttachContext':
      return { probes: [], elapsedMs: 1, budgetMs: 300 };
    case 'Result':
      return { exitCode: 0, durationMs: 1 };
    case 'Approve':
      return { note: 'ok' };
    case 'Deny':
      return { note: 'no' };
    case 'CreateWhitelistEntry':
      return { pattern: 'echo fuzz-entry' };
    case 'UpdateWhitelistEntry':
      return { disabled: true };
    case 'Login':
    case 'WebLogin':
      return { username: 'admin', password: 'wrong-password' };
    case 'CreateToken':
      return { agent: 'fuzz-agent' };
    case 'CreateUser':
      return { username: 'fuzz-user', role: 'reviewer' };
    case 'ReportReads':
      return { session: 'fuzz', reads: [] };
    case 'ClearTaint':
      return { session: 'fuzz', note: 'x' };
    case 'WhitelistPreview':
      return { pattern: 'echo *' };
    default:
      return {};
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** A hostile body for this route: raw text, random JSON, or the template with one field hostile. */
function body(e: Endpoint): fc.Arbitrary<string | undefined> {
  const base = template(e);
  const keys = Object.keys(base);
  const hostileValue = fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    jsonValue,
    fc.string({ maxLength: 200 }),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.array(fc.constantFrom(...HOSTILE_STRINGS), { maxLength: 5 }),
  );
  return fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 300 }),
    fc.constantFrom('{', '{"a":', '[]', 'null', '"x"', '{"command":{"shell":', '\u0000', '{}'.repeat(5000)),
    jsonValue.map((v) => JSON.stringify(v)),
    fc
      .record({
        key: keys.length ? fc.constantFrom(...keys, 'unknownField') : fc.constant('x'),
        value: hostileValue,
      })
      .map(({ key, value }) => JSON.stringify({ ...base, [key]: value })),
    fc.nat({ max: 200 }).map((d) => '['.repeat(d * 50) + ']'.repeat(d * 50)),
  );
}

/** Writes any route could make that would decide or change org A's guarded things legitimately. */
function legitimateChange(call: Omit<HostileCall, 'body'>, guarded: Guarded): boolean {
  const own = call.token === 'adminA' || call.token === 'agentA';
  if (!own) return false;
  if (call.method === 'GET') return false;
  // Org settings (a shorter timeout expires the pending request) and credentials are the admin's to change.
  if (call.route === '/v1/org' || call.route.startsWith('/v1/tokens/')) return true;
  if (call.route.startsWith('/v1/users/')) return true;
  return call.id === guarded.pending || call.id === guarded.executed || call.id === guarded.entry;
}

/** Generated calls, with org A's own credentials kept off calls that could decide for it. */
export function hostileCalls(guarded: Guarded): fc.Arbitrary<HostileCall> {
  const ids = fc.oneof(
    fc.constantFrom(guarded.pending, guarded.executed, guarded.entry),
    fc.uuid(),
    fc.constantFrom(
      'x',
      '..',
      '%2e%2e%2f',
      'a'.repeat(300),
      '１２３',
      '00000000-0000-0000-0000-00000000000g',
    ),
  );
  const endpoints = ENDPOINTS.filter((e) => e.answer.media !== 'event-stream');
  return fc
    .record({
      endpoint: fc.constantFrom(...endpoints),
      token: fc.constantFrom<HostileCall['token']>('none', 'garbage', 'adminA', 'agentA', 'adminB', 'agentB'),
      id: ids,
      query: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    })
    .chain(({ endpoint, token, id, query }) => {
      const hasId = endpoint.path.includes(':id');
      const path =
        endpoint.path.replace(':id', encodeURIComponent(id)) +
        (query !== undefined ? `?${encodeURIComponent(query)}=1` : '');
      const base = {
        route: endpoint.path,
        method: endpoint.method.toUpperCase(),
        path,
        token,
        id: hasId ? id : null,
      };
      const safe =
        legitimateChange(base, guarded) && token === 'adminA'
          ? { ...base, token: 'adminB' as const }
          : legitimateChange(base, guarded)
            ? { ...base, token: 'agentB' as const }
            : base;
      return body(endpoint).map((b) => ({ ...safe, body: endpoint.method === 'get' ? undefined : b }));
    });
}

export interface HostileAnswer {
  status: number;
  text: string;
}

/** One call on loopback; the answer's status and (bounded) text. */
export async function send(url: string, call: HostileCall, principals: Principals): Promise<HostileAnswer> {
  const headers: Record<string, string> = {};
  if (call.token === 'garbage') headers['authorization'] = 'Bearer exp_a_not-a-real-token';
  else if (call.token !== 'none') headers['authorization'] = `Bearer ${principals[call.token]}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + call.path, {
    method: call.method,
    headers,
    body: call.body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
}

/** What every answer must be: no 5xx, an error body that says what, nothing of org A for org B. */
export function answerProblems(call: HostileCall, answer: HostileAnswer, guarded: Guarded): string[] {
  const problems: string[] = [];
  const what = `${call.method} ${call.path.slice(0, 120)} as ${call.token}`;
  if (answer.status >= 500) problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
  if (answer.status >= 400 && call.path.startsWith('/v1/')) {
    try {
      const parsed = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string')
        problems.push(`${what}: ${answer.status} without an error code and message`);
    } catch {
      problems.push(`${what}: ${answer.status} answered with text that is not JSON`);
    }
  }
  if (call.token === 'adminB' || call.token === 'agentB') {
    for (const secret of [guarded.pending, guarded.executed, guarded.entry, guarded.marker])
      if (answer.text.includes(secret)) problems.push(`${what}: org B saw org A's ${secret}`);
  }
  return problems;
}
