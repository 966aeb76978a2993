/**
 * kill -9 at random points of submit → approve → execute, 20 rounds with a fixed seed (the bench
 * runs 200): no command runs twice or without a claimed approval, no acknowledged decision is
 * lost, an agent's exit status says what happened, and the audit chain verifies
 * (test/support/crashRounds.ts).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { crashRounds } from './support/crashRounds.js';

it('survives 20 kill -9s at random points of the approval flow', async () => {
  const report = await crashRounds(20, 26);
  assert.deepEqual(report.problems, []);
  // The kills land across the flow: some rounds ran their command after a restart, some never got in.
  assert.ok(report.ran >= 10, `only ${report.ran} of 20 rounds ran: ${JSON.stringify([...report.exits])}`);
});
