/** Reads a server-sent event stream in a test: every event that arrived, and when the stream ended. */
import assert from 'node:assert/strict';
import type { PushMessage } from '../../src/protocol/push.js';

export interface OpenStream {
  events: PushMessage[];
  /** Raw text received, for "nothing about X arrived" checks. */
  text(): string;
  /** Settles when the server ends the stream (or the connection breaks). */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (res.status !== 200) assert.fail(`${url}: ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: PushMessage[] = [];
  let raw = '';
  let buffer = '';
  let ended = false;
  const done = (async () => {
    try {
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (finished) break;
        const chunk = decoder.decode(value, { stream: true });
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data) events.push(JSON.parse(data) as PushMessage);
        }
      }
    } catch {
      // aborted by close(), or the connection broke: the stream is over either way
    } finally {
      ended = true;
    }
  })();
  const stream: OpenStream = {
    events,
    text: () => raw,
    ended: done,
    isEnded: () => ended,
    close: () => controller.abort(),
  };
  await waitUntil(() => events.some((e) => e.type === 'hello') || ended, 5000, 'the hello event');
  return stream;
}

export async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for the stream to end, failing after `timeoutMs`. */
export async function endsWithin(stream: OpenStream, timeoutMs: number): Promise<void> {
  await waitUntil(() => stream.isEnded(), timeoutMs, 'the stream to end');
}
