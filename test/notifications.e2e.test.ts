/**
 * Notification channels and their metrics on a real `expacti serve` (issue 11): a Microsoft Teams
 * channel posts the documented incoming-webhook message (an Adaptive Card 1.4) to a real HTTP
 * receiver, with the command shown faithfully and never as Markdown; /metrics counts deliveries by
 * channel kind and result (sent, failed, dead) and shows the outbox backlog.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startServer, tempDir, type ServerHandle } from './support/expacti.js';
import { api } from './support/api.js';
import { parsePrometheus, sampleValue, type Family } from './support/prometheus.js';
import { displayBlock } from '../src/protocol/displayText.js';

interface Received {
  path: string;
  contentType: string;
  raw: string;
  body: Record<string, unknown>;
}

async function startReceiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/broken') {
        res.writeHead(503).end('down');
        return;
      }
      got.push({
        path: req.url ?? '',
        contentType: String(req.headers['content-type']),
        raw,
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      res.writeHead(200).end('1');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server };
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Card = { type: string; version: string; body: Element[]; actions: Element[] };
type Element = Record<string, unknown> & { type: string };

/** Every element of a card, depth first (containers' items included). */
function elements(list: Element[]): Element[] {
  return list.flatMap((e) => [e, ...elements((e.items as Element[] | undefined) ?? [])]);
}
const textOf = (e: Element) => ((e.inlines as Array<{ text: string }>) ?? []).map((i) => i.text).join('');

describe('notification channels: Microsoft Teams, and delivery metrics', () => {
  const work = tempDir('expacti-notify-');
  const policyFile = join(work.path, 'policy.yaml');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: ServerHandle;

  before(async () => {
    receiver = await startReceiver();
    writeFileSync(
      policyFile,
      `version: 1
notifications:
  maxAttempts: 3
  channels:
    - { name: team-teams, type: teams, urlEnv: EXPACTI_TEST_TEAMS_URL }
    - { name: down-chat, type: slack, url: "${receiver.url}/broken" }
`,
    );
    server = await startServer({
      args: ['--policy', policyFile],
      env: { EXPACTI_TEST_TEAMS_URL: `${receiver.url}/teams` },
    });
  });
  after(async () => {
    await server?.stop();
    receiver?.server.close();
    work.remove();
  });

  const families = async (): Promise<Family[]> => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${server.secrets.adminToken}` },
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return parsePrometheus(text);
  };

  it('posts an Adaptive Card in the Teams webhook shape, the command shown as text, never as Markdown', async () => {
    // Markdown a TextBlock would render as a link and bold, an escape sequence, and two lines.
    const argv = ['echo', '[click me](https://evil.example/) **ok**', 'red\u001b[31mtext', 'one\ntwo'];
    const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv },
      cwd: work.path,
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const request = (submitted.body as { request: { id: string; commandText: string } }).request;

    const got = await until('the Teams message', () =>
      receiver.got.find((m) => m.path === '/teams' && m.raw.includes('evil.example')),
    );
    assert.match(got.contentType, /^application\/json/);
    assert.equal(got.body.type, 'message');
    const attachments = got.body.attachments as Array<{ contentType: string; content: Card }>;
    assert.equal(attachments.length, 1);
    assert.equal(attachments[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    const card = attachments[0]?.content as Card;
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal(card.version, '1.4');

    const all = elements(card.body);
    // Agent text only ever in TextRuns, which Teams does not read as Markdown.
    assert.deepEqual(
      all.filter((e) => e.type === 'TextBlock' || e.type === 'FactSet'),
      [],
      'no Markdown-rendering elements',
    );
    const command = all.find((e) => e.type === 'Container' && e.style === 'emphasis') as Element;
    const lines = ((command.items as Element[]) ?? []).map(textOf);
    assert.deepEqual(lines, displayBlock(request.commandText).split('\n'), 'the display rule, line by line');
    assert.ok(lines.join('\n').includes('⟨\\e⟩'), 'the escape character is shown, not sent raw');
    assert.ok(!got.raw.includes('\\u001b'), 'no raw escape in the message');
    const texts = all.map(textOf);
    assert.ok(
      texts.some((t) => /^Tier: (low|medium|high|critical)$/.test(t)),
      texts.join(' | '),
    );
    assert.ok(texts.includes(`Directory: ${work.path}`), texts.join(' | '));
    assert.ok(
      texts.some((t) => t.startsWith('• ')),
      'the reasons',
    );
    assert.match(texts[0] ?? '', /request waits for a reviewer/);

    const open = card.actions[0] as Element;
    assert.equal(open.type, 'Action.OpenUrl');
    assert.match(String(open.url), /\/v1\/links\/[A-Za-z0-9_-]{43}$/);
    const opened = await fetch(String(open.url).replace(/^https?:\/\/[^/]+/, server.url), {
      redirect: 'manual',
    });
    assert.equal(opened.status, 302);
    assert.match(opened.headers.get('location') ?? '', new RegExp(`#/requests/${request.id}$`));
  });

  it('counts deliveries by channel kind and result, and shows the outbox backlog on /metrics', async () => {
    const count = (f: Family[], kind: string, result: string) =>
      sampleValue(f, 'expacti_notification_deliveries_total', { kind, result }) ?? Number.NaN;
    const outbox = (f: Family[], status: string) =>
      sampleValue(f, 'expacti_notification_outbox', { status }) ?? Number.NaN;
    // From a quiet outbox: the messages of the test before have been sent or are dead.
    const before = await until(
      'a quiet outbox',
      async () => {
        const now = await families();
        return outbox(now, 'pending') === 0 ? now : undefined;
      },
      20_000,
    );
    for (const kind of ['slack', 'teams', 'webhook', 'email'])
      for (const result of ['sent', 'failed', 'dead'])
        assert.ok(count(before, kind, result) >= 0, `${kind} ${result} is exported`);

    const submitted = await api(server.url, 'POST', '/v1/requests', server.secrets.agentToken, {
      command: { argv: ['touch', join(work.path, 'metrics')] },
      cwd: work.path,
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    // The broken channel's message waits to be retried (1 s, then 2 s): the backlog shows it.
    await until('a backlog', async () =>
      (outbox(await families(), 'pending') ?? 0) >= 1 ? true : undefined,
    );
    const settled = await until(
      'the dead letter',
      async () => {
        const now = await families();
        return count(now, 'slack', 'dead') > count(before, 'slack', 'dead') && outbox(now, 'pending') === 0
          ? now
          : undefined;
      },
      20_000,
    );
    assert.equal(count(settled, 'teams', 'sent') - count(before, 'teams', 'sent'), 1);
    assert.equal(count(settled, 'slack', 'failed') - count(before, 'slack', 'failed'), 2, 'two retries');
    assert.equal(count(settled, 'slack', 'dead') - count(before, 'slack', 'dead'), 1, 'then dead');
    assert.equal(count(settled, 'slack', 'sent') - count(before, 'slack', 'sent'), 0);
    assert.equal(outbox(settled, 'dead') - outbox(before, 'dead'), 1);
    const dead = await api(server.url, 'GET', '/v1/notifications?status=dead', server.secrets.adminToken);
    assert.equal((dead.body as { notifications: unknown[] }).notifications.length, outbox(settled, 'dead'));
  });
});
