import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../store/store.js';
import type { Token } from '../store/records.js';
import { TokenResolver } from './credentials.js';

const token = (revokedAt: string | null): Token => ({
  id: 't1',
  orgId: 'o1',
  kind: 'agent',
  name: 'agent',
  userId: null,
  hash: 'h1',
  createdAt: '2026-01-01T00:00:00.000Z',
  revokedAt,
  lastUsedAt: null,
});

describe('TokenResolver', () => {
  it('does not cache an answer read before a revocation that invalidated the cache meanwhile', async () => {
    let current = token(null);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const store = {
      async findTokenByHash() {
        const seen = current;
        if (first) {
          first = false;
          await gate; // the revocation commits while this read is in flight
        }
        return seen;
      },
      touchToken: async () => undefined,
    } as unknown as Store;
    const resolver = new TokenResolver(store);
    const inFlight = resolver.resolve('h1');
    current = token('2026-01-01T00:00:01.000Z');
    resolver.invalidate(); // the feed's `revoked` change
    release();
    assert.notEqual(await inFlight, null, 'the in-flight call still answers what it read');
    assert.equal(await resolver.resolve('h1'), null, 'the next call reads again and sees the revocation');
  });

  it('serves repeated lookups from the cache until invalidated', async () => {
    let reads = 0;
    const store = {
      async findTokenByHash() {
        reads += 1;
        return token(null);
      },
      touchToken: async () => undefined,
    } as unknown as Store;
    const resolver = new TokenResolver(store);
    await resolver.resolve('h1');
    await resolver.resolve('h1');
    assert.equal(reads, 1);
    resolver.invalidate();
    await resolver.resolve('h1');
    assert.equal(reads, 2);
  });
});
