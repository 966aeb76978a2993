import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Recorder } from './recorder.js';
import { checkAsciicast } from '../../protocol/asciicast.js';

const origin = { kind: 'run' as const, session: 's1', request: 'r1' };

function events(text: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as unknown);
}

describe('Recorder', () => {
  it('writes asciicast v2 that the server accepts, timing each event from the start', () => {
    let t = 1_000_000;
    const r = new Recorder({ origin, now: () => t, command: 'make' });
    t += 250;
    r.output(Buffer.from('hello\n'));
    t += 1000;
    r.marker('done');
    const text = r.finish();
    const checked = checkAsciicast(text);
    assert.ok(checked.ok, JSON.stringify(checked));
    assert.deepEqual(checked.header.expacti, origin);
    assert.equal(checked.header.command, 'make');
    assert.deepEqual(events(text), [
      [0.25, 'o', 'hello\n'],
      [1.25, 'm', 'done'],
    ]);
  });

  it('never cuts a UTF-8 character split across chunks', () => {
    const r = new Recorder({ origin, now: () => 0 });
    const bytes = Buffer.from('é', 'utf8');
    r.output(bytes.subarray(0, 1));
    r.output(bytes.subarray(1));
    assert.deepEqual(events(r.finish()), [[0, 'o', 'é']]);
  });

  it('stops at its cap, says so in the header and a closing marker, and stays under the cap', () => {
    const r = new Recorder({ origin, now: () => 0, maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) r.output('x'.repeat(500));
    const text = r.finish();
    assert.ok(Buffer.byteLength(text) <= 10_000, `${Buffer.byteLength(text)} bytes`);
    const checked = checkAsciicast(text);
    assert.ok(checked.ok);
    assert.equal(checked.header.expacti.truncated, true);
    assert.match(text, /recording stopped at its size cap; \d+ more bytes/);
  });

  it('shows line feeds as CR LF when the output did not come through a terminal', () => {
    const r = new Recorder({ origin, now: () => 0, crlf: true });
    r.output('a\nb\r\n');
    assert.deepEqual(events(r.finish()), [[0, 'o', 'a\r\nb\r\n']]);
  });
});

describe('checkAsciicast', () => {
  it('refuses what is not a recording expacti can store', () => {
    const header = '{"version":2,"width":80,"height":24,"expacti":{"kind":"run","session":"s"}}';
    assert.equal(checkAsciicast(`${header}\n[0.1,"o","x"]\n`).ok, true);
    assert.match(String((checkAsciicast('{"version":1}') as { why: string }).why), /v2/);
    assert.match(
      String((checkAsciicast('{"version":2,"width":80,"height":24}') as { why: string }).why),
      /expacti/,
    );
    assert.match(
      String((checkAsciicast(`${header}\n[0.2,"o","x"]\n[0.1,"o","y"]`) as { why: string }).why),
      /back in time/,
    );
    assert.match(String((checkAsciicast(`${header}\n[0.2,"x","x"]`) as { why: string }).why), /not an event/);
  });
});
