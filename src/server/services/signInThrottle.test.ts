import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blockMs, signInKeys, throttleAddress, SIGN_IN_POLICY } from './signInThrottle.js';

describe('throttleAddress', () => {
  it('counts an IPv6 host by its /64, however it is written', () => {
    assert.equal(throttleAddress('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(throttleAddress('2001:0db8:0001:0002:ffff:ffff:ffff:fffe'), '2001:db8:1:2::/64');
    assert.equal(throttleAddress('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(throttleAddress('::1'), '0:0:0:0::/64');
  });
  it('counts an IPv4-mapped address as IPv4, and IPv4 as itself', () => {
    assert.equal(throttleAddress('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(throttleAddress('203.0.113.9'), '203.0.113.9');
  });
});

describe('signInKeys', () => {
  it('keys the username case-insensitively, and the address with it', () => {
    assert.deepEqual(signInKeys('10.0.0.1', 'Admin'), {
      address: 'a:10.0.0.1',
      addressUser: 'au:10.0.0.1|admin',
      user: 'u:admin',
      code: 'c:admin',
    });
  });
});

describe('blockMs', () => {
  it('lets the free failures pass, then doubles the wait up to its cap', () => {
    const p = SIGN_IN_POLICY.addressUser;
    assert.equal(blockMs(p, p.free - 1), 0);
    assert.equal(blockMs(p, p.free), 1000);
    assert.equal(blockMs(p, p.free + 3), 8000);
    assert.equal(blockMs(p, p.free + 1000), p.maxMs);
  });
  it('makes the per-username guard slower to start and slower to lift than the address guards', () => {
    assert.ok(SIGN_IN_POLICY.user.free > SIGN_IN_POLICY.address.free);
    assert.ok(SIGN_IN_POLICY.user.baseMs > SIGN_IN_POLICY.address.baseMs);
  });
});
