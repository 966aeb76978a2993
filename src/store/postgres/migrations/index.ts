/** The PostgreSQL migrations, in order; numbered like sqlite/migrations (same version, same meaning). */
import type { Migration } from '../../migrations.js';
import * as initial from './0001-initial.js';
import * as claimWindow from './0002-claim-window.js';
import * as signInFailures from './0003-sign-in-failures.js';
import * as auditKeys from './0004-audit-keys.js';
import * as confinement from './0005-confinement.js';
import * as sessionApprovals from './0006-session-approvals.js';
import * as sessionReads from './0007-session-reads.js';
import * as approvalTickets from './0008-approval-tickets.js';
import * as teamPolicies from './0009-team-policies.js';
import * as recordings from './0010-recordings.js';
import * as rateCounts from './0011-rate-counts.js';

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: initial.name, sql: initial.sql },
  { version: 2, name: claimWindow.name, sql: claimWindow.sql },
  { version: 3, name: signInFailures.name, sql: signInFailures.sql },
  { version: 4, name: auditKeys.name, sql: auditKeys.sql },
  { version: 5, name: confinement.name, sql: confinement.sql },
  { version: 6, name: sessionApprovals.name, sql: sessionApprovals.sql },
  { version: 7, name: sessionReads.name, sql: sessionReads.sql },
  { version: 8, name: approvalTickets.name, sql: approvalTickets.sql },
  { version: 9, name: teamPolicies.name, sql: teamPolicies.sql },
  { version: 10, name: recordings.name, sql: recordings.sql },
  { version: 11, name: rateCounts.name, sql: rateCounts.sql },
];
