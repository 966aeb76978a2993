/**
 * Every HTTP route the server mounts, with the schemas its handler validates with — the very
 * objects the routes pass to readBody and readQuery, imported from src/protocol — who may call it
 * and what it answers. The OpenAPI document (document.ts) is generated from this table, and
 * test/openapi.e2e.test.ts checks the table against the routes the app really mounts (and each GET
 * route's query parameters against the server's own answer), so neither can drift from the other.
 */
import type { z } from 'zod';
import { POLICY_ENDPOINTS } from './policyEndpoints.js';
import {
  approveSchema,
  auditVerifySchema,
  checkSchema,
  createTokenSchema,
  createUserSchema,
  createWhitelistSchema,
  denySchema,
  loginSchema,
  orgSettingsSchema,
  resultSchema,
  ticketSchema,
  cancelSchema,
  submitRequestSchema,
  claudeHookAtOnceSchema,
  updateWhitelistSchema,
} from '../../protocol/schemas.js';
import { attachContextSchema } from '../../protocol/contextSchemas.js';
import {
  auditPageQuery,
  insightsQuery,
  listRequestsQuery,
  noQuery,
  sessionReadsQuery,
  recordingsQuery,
} from '../../protocol/querySchemas.js';
import { asciicastBodySchema } from '../../protocol/asciicastSchema.js';
import { clearTaintSchema, reportReadsSchema } from '../../protocol/readSchemas.js';
import { rawShellSchema } from '../../protocol/rawShell.js';
import {
  totpEnableSchema,
  webLinkSchema,
  webLoginSchema,
  webTotpSchema,
  whitelistPreviewSchema,
} from '../../protocol/dashboardSchemas.js';

/**
 * Who may call: nobody in particular; an agent token; any user token or dashboard session; an
 * admin's; any token (agent or user); a dashboard session cookie; the metrics token or an admin's.
 */
export type Access = 'public' | 'agent' | 'user' | 'admin' | 'token' | 'session' | 'metrics';

export interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** As mounted (Hono syntax: `:id` for a path parameter). */
  path: string;
  tag: 'agents' | 'reviewers' | 'admins' | 'audit' | 'sign-in' | 'dashboard' | 'operations';
  summary: string;
  access: Access;
  /** The schema the handler validates the JSON body with; a name makes it a shared component. */
  body?: { schema: z.ZodType; component: string; media?: string };
  /** The schema the handler validates the query with (GET routes; noQuery: none accepted). */
  query?: z.ZodObject<z.ZodRawShape>;
  /** The success answer: status, what it is, and its TypeScript type in src/protocol (when JSON). */
  answer: {
    status: 200 | 201;
    description: string;
    type?: string;
    media?: 'json' | 'event-stream' | 'text' | 'asciicast';
  };
  /** Path parameters other than `:id` (a UUID, declared for every route that has it). */
  params?: z.ZodObject<z.ZodRawShape>;
  /** Error statuses beyond those every route of its kind can give (409, 429, …). */
  errors?: readonly number[];
}

const json = (description: string, type: string, status: 200 | 201 = 200) => ({ status, description, type });

export const ENDPOINTS: readonly Endpoint[] = [
  // Operations
  {
    method: 'get',
    path: '/healthz',
    tag: 'operations',
    summary: 'Liveness: the process answers, with its clock',
    access: 'public',
    query: noQuery,
    answer: json('{ok: true, time}', '{ ok: true; time: string }'),
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'operations',
    summary: 'Readiness: 200 while the database answers and the change feed delivers, 503 otherwise',
    access: 'public',
    query: noQuery,
    answer: json('{ready, checks: {database, changeFeed}}', 'ReadyBody (src/server/routes/operations.ts)'),
    errors: [503],
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'operations',
    summary: 'Prometheus metrics (docs/operations.md)',
    access: 'metrics',
    answer: { status: 200, description: 'Prometheus text exposition format 0.0.4', media: 'text' },
  },
  {
    method: 'get',
    path: '/v1/health',
    tag: 'operations',
    summary: 'Liveness and the store kind',
    access: 'public',
    query: noQuery,
    answer: json('{ok: true, store}', "{ ok: true; store: 'sqlite' | 'postgres' }"),
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    tag: 'operations',
    summary: 'This document',
    access: 'public',
    query: noQuery,
    answer: json('The OpenAPI 3.1 document', 'OpenAPI 3.1'),
  },
  // Sign-in
  {
    method: 'post',
    path: '/v1/auth/token',
    tag: 'sign-in',
    summary: 'Sign in with a password (and TOTP code) for a user token (throttled, audited)',
    access: 'public',
    body: { schema: loginSchema, component: 'Login' },
    answer: json('The new user token; its secret is shown once', 'CreatedTokenResponse', 201),
    errors: [429],
  },
  {
    method: 'get',
    path: '/v1/me',
    tag: 'sign-in',
    summary: "Who the token is, in which org, and the org's approval timeout",
    access: 'token',
    query: noQuery,
    answer: json('The caller and its org', 'MeResponse'),
  },
  // Agents
  {
    method: 'post',
    path: '/v1/requests',
    tag: 'agents',
    summary: 'Submit a command: allowed at once (exec present), denied, or pending a reviewer',
    access: 'agent',
    body: { schema: submitRequestSchema, component: 'SubmitRequest' },
    answer: json(
      'The request, and for a whitelisted one the claimed execution. With `onlyIfAllowedAtOnce` (the native ' +
        'fast path) and a command that would not run at once without confinement or output scan: 200 ' +
        '`SubmitNotCreatedResponse` `{created: false, why}`, and nothing was created',
      'SubmitResponse (201) | SubmitNotCreatedResponse (200)',
      201,
    ),
  },
  {
    method: 'post',
    path: '/v1/hooks/claude',
    tag: 'agents',
    summary:
      "The native Claude Code hook's one question: its PreToolUse input in, the hook's output out when a whitelist entry allows the command at once",
    access: 'agent',
    body: { schema: claudeHookAtOnceSchema, component: 'ClaudeHookAtOnce' },
    answer: json(
      'The allowed request and the hook output (201); otherwise 200 `SubmitNotCreatedResponse` ' +
        '`{created: false, why}`, nothing was created, and the Node hook takes the call',
      'ClaudeHookAtOnceResponse (201) | SubmitNotCreatedResponse (200)',
      201,
    ),
  },
  {
    method: 'post',
    path: '/v1/requests/:id/context',
    tag: 'agents',
    summary: 'Report the runtime facts the submit answer asked for (once)',
    access: 'agent',
    body: { schema: attachContextSchema, component: 'AttachContext' },
    answer: json('The request after the context check', 'AttachContextResponse'),
    errors: [409],
  },
  {
    method: 'post',
    path: '/v1/check',
    tag: 'agents',
    summary: 'What a submission would get now; creates nothing',
    access: 'agent',
    body: { schema: checkSchema, component: 'Check' },
    answer: json('allow, deny or review, with the justification and analysis', 'CheckResponse'),
  },
  {
    method: 'post',
    path: '/v1/requests/:id/ticket',
    tag: 'agents',
    summary: "Keep a pending request open as an approval ticket (a hook's host deadline came first)",
    access: 'agent',
    body: { schema: ticketSchema, component: 'Ticket' },
    answer: json('The request, and the ticket while it is pending', 'TicketResponse'),
    errors: [409],
  },
  {
    method: 'post',
    path: '/v1/requests/:id/execute',
    tag: 'agents',
    summary: 'Claim the single execution of an approved request (within the claim window)',
    access: 'agent',
    answer: json('The exact approved command and directory', 'ExecuteResponse'),
    errors: [409],
  },
  {
    method: 'post',
    path: '/v1/requests/:id/cancel',
    tag: 'agents',
    summary: 'Stop waiting: cancel a pending request (or an unclaimed approval) this agent submitted',
    access: 'agent',
    body: { schema: cancelSchema, component: 'Cancel' },
    answer: json('The request as it now stands', '{ request: RequestView }'),
    errors: [404],
  },
  {
    method: 'post',
    path: '/v1/requests/:id/result',
    tag: 'agents',
    summary: 'Report how the command ended (once)',
    access: 'agent',
    body: { schema: resultSchema, component: 'Result' },
    answer: json('Recorded', '{ ok: true }'),
    errors: [409],
  },
  {
    method: 'get',
    path: '/v1/requests/:id',
    tag: 'agents',
    summary: 'One request (agents: their own)',
    access: 'token',
    query: noQuery,
    answer: json('The request', '{ request: RequestView }'),
  },
  {
    method: 'get',
    path: '/v1/requests/:id/events',
    tag: 'agents',
    summary: 'Server-sent events: the request now, then every change (agents: their own)',
    access: 'token',
    query: noQuery,
    answer: { status: 200, description: 'PushMessage events (src/protocol/push.ts)', media: 'event-stream' },
  },
  // Reviewers
  {
    method: 'post',
    path: '/v1/sessions/reads',
    tag: 'agents',
    summary: 'Record what the agent read (an observe hook): where from, size, hash, findings — never content',
    access: 'agent',
    body: { schema: reportReadsSchema, component: 'ReportReads' },
    answer: json(
      'How many reads were recorded, and how many taint the session',
      '{ recorded, tainting }',
      201,
    ),
  },
  {
    method: 'get',
    path: '/v1/sessions/reads',
    tag: 'reviewers',
    summary: "A session's recent reads, with findings, and whether it is tainted now",
    access: 'user',
    query: sessionReadsQuery,
    answer: json('The read trail', 'SessionReadsResponse'),
  },
  {
    method: 'post',
    path: '/v1/sessions/clear-taint',
    tag: 'reviewers',
    summary: "Clear a session's taint (audited): its reads so far no longer raise what it runs",
    access: 'user',
    body: { schema: clearTaintSchema, component: 'ClearTaint' },
    answer: json('The read trail after the clear', 'SessionReadsResponse'),
  },
  {
    method: 'post',
    path: '/v1/recordings',
    tag: 'agents',
    summary:
      'Store a session recording (asciicast v2 text, its header naming the session and request); its SHA-256 goes into the audit chain',
    access: 'agent',
    body: { schema: asciicastBodySchema, component: 'Asciicast', media: 'application/x-asciicast' },
    answer: json('The stored recording', '{ recording: RecordingView }', 201),
  },
  {
    method: 'post',
    path: '/v1/ssh/raw-shell',
    tag: 'agents',
    summary:
      "The SSH gateway asks whether an agent's terminal may pass through raw (the org's sshRawPtyAgents); audited either way",
    access: 'agent',
    body: { schema: rawShellSchema, component: 'RawShell' },
    answer: json('The answer and why', 'RawShellResponse'),
  },
  {
    method: 'get',
    path: '/v1/recordings',
    tag: 'reviewers',
    summary: "A session's or a request's recordings, newest first, without their content",
    access: 'user',
    query: recordingsQuery,
    answer: json('The recordings', '{ recordings: RecordingView[] }'),
  },
  {
    method: 'get',
    path: '/v1/recordings/:id',
    tag: 'reviewers',
    summary:
      'One recording as stored (asciicast v2), to play or export; X-Expacti-SHA256 is its audited hash',
    access: 'user',
    query: noQuery,
    answer: { status: 200, description: 'The asciicast v2 text', media: 'asciicast' },
  },
  {
    method: 'get',
    path: '/v1/requests',
    tag: 'reviewers',
    summary: 'List requests, newest first',
    access: 'user',
    query: listRequestsQuery,
    answer: json('The requests', '{ requests: RequestView[] }'),
  },
  {
    method: 'post',
    path: '/v1/requests/:id/approve',
    tag: 'reviewers',
    summary: 'Approve (compare-and-set), optionally adding a whitelist entry',
    access: 'user',
    body: { schema: approveSchema, component: 'Approve' },
    answer: json('The approved request', '{ request: RequestView }'),
    errors: [409],
  },
  {
    method: 'post',
    path: '/v1/requests/:id/deny',
    tag: 'reviewers',
    summary: 'Deny (compare-and-set), with a note for the agent',
    access: 'user',
    body: { schema: denySchema, component: 'Deny' },
    answer: json('The denied request', '{ request: RequestView }'),
    errors: [409],
  },
  {
    method: 'get',
    path: '/v1/events',
    tag: 'reviewers',
    summary:
      'Server-sent events for the whole org (request.created, request.updated, whitelist.changed, ping)',
    access: 'user',
    query: noQuery,
    answer: { status: 200, description: 'PushMessage events (src/protocol/push.ts)', media: 'event-stream' },
  },
  {
    method: 'get',
    path: '/v1/whitelist',
    tag: 'reviewers',
    summary: 'List whitelist entries',
    access: 'user',
    query: noQuery,
    answer: json('The entries', '{ entries: WhitelistEntryView[] }'),
  },
  {
    method: 'post',
    path: '/v1/whitelist',
    tag: 'reviewers',
    summary: 'Add an allow or deny entry (audited)',
    access: 'user',
    body: { schema: createWhitelistSchema, component: 'CreateWhitelistEntry' },
    answer: json('The new entry', '{ entry: WhitelistEntryView }', 201),
    errors: [409],
  },
  {
    method: 'patch',
    path: '/v1/whitelist/:id',
    tag: 'reviewers',
    summary: 'Change an entry (a new pattern is validated again; audited)',
    access: 'user',
    body: { schema: updateWhitelistSchema, component: 'UpdateWhitelistEntry' },
    answer: json('The entry', '{ entry: WhitelistEntryView }'),
    errors: [409],
  },
  {
    method: 'delete',
    path: '/v1/whitelist/:id',
    tag: 'reviewers',
    summary: 'Remove an entry (audited)',
    access: 'user',
    answer: json('Removed', '{ ok: true }'),
  },
  {
    method: 'get',
    path: '/v1/org',
    tag: 'reviewers',
    summary: 'The org and its settings',
    access: 'user',
    query: noQuery,
    answer: json('The org', '{ org: Org }'),
  },
  // Admins
  {
    method: 'patch',
    path: '/v1/org',
    tag: 'admins',
    summary: 'Change org settings (audited)',
    access: 'admin',
    body: { schema: orgSettingsSchema, component: 'OrgSettings' },
    answer: json('The org', '{ org: Org }'),
  },
  {
    method: 'get',
    path: '/v1/tokens',
    tag: 'admins',
    summary: 'List tokens',
    access: 'admin',
    query: noQuery,
    answer: json('The tokens (never their secrets)', '{ tokens: TokenView[] }'),
  },
  {
    method: 'post',
    path: '/v1/tokens',
    tag: 'admins',
    summary: 'Create an agent token (the secret is shown once; audited)',
    access: 'admin',
    body: { schema: createTokenSchema, component: 'CreateToken' },
    answer: json('The token and its secret', 'CreatedTokenResponse', 201),
  },
  {
    method: 'delete',
    path: '/v1/tokens/:id',
    tag: 'admins',
    summary: 'Revoke a token: its event streams end at once on every replica (audited)',
    access: 'admin',
    answer: json('Revoked', '{ ok: true }'),
  },
  {
    method: 'get',
    path: '/v1/users',
    tag: 'admins',
    summary: 'List users',
    access: 'admin',
    query: noQuery,
    answer: json('The users', '{ users: UserView[] }'),
  },
  {
    method: 'post',
    path: '/v1/users',
    tag: 'admins',
    summary: 'Add a reviewer or admin (a generated password is shown once; audited)',
    access: 'admin',
    body: { schema: createUserSchema, component: 'CreateUser' },
    answer: json('The user (and a generated password)', 'CreatedUserResponse', 201),
    errors: [409],
  },
  {
    method: 'delete',
    path: '/v1/users/:id',
    tag: 'admins',
    summary: 'Remove a user; their tokens and sessions are revoked (audited)',
    access: 'admin',
    answer: json('Removed', '{ ok: true }'),
  },
  // Audit
  {
    method: 'get',
    path: '/v1/audit',
    tag: 'audit',
    summary: 'The sealed audit log, in pages',
    access: 'admin',
    query: auditPageQuery,
    answer: json('Records and the next page', '{ records: AuditRecordView[]; next: number | null }'),
  },
  {
    method: 'get',
    path: '/v1/audit/verify',
    tag: 'audit',
    summary: "Verify the whole chain with the server's keys and known checkpoints",
    access: 'admin',
    query: noQuery,
    answer: json('Whether it verifies, and where it breaks', 'AuditVerifyResponse'),
  },
  {
    method: 'post',
    path: '/v1/audit/verify',
    tag: 'audit',
    summary: 'Verify the chain, also against the signed checkpoints given',
    access: 'admin',
    body: { schema: auditVerifySchema, component: 'AuditVerify' },
    answer: json('Whether it verifies, and where it breaks', 'AuditVerifyResponse'),
  },
  {
    method: 'post',
    path: '/v1/audit/checkpoints',
    tag: 'audit',
    summary: 'Sign a checkpoint of the head now and write it to the sinks',
    access: 'admin',
    body: { schema: noQuery, component: 'Empty' },
    answer: json("The checkpoint and each sink's result", '{ checkpoint: AuditCheckpoint; sinks: … }', 201),
    errors: [409],
  },
  // Dashboard
  {
    method: 'get',
    path: '/v1/web/session',
    tag: 'dashboard',
    summary: "The dashboard's sign-in state (cookie)",
    access: 'public',
    query: noQuery,
    answer: json('The sign-in stage', 'WebSessionState (src/server/routes/webAuth.ts)'),
  },
  {
    method: 'post',
    path: '/v1/web/login',
    tag: 'dashboard',
    summary: 'Dashboard sign-in with a password (and code); sets the session cookie (throttled, audited)',
    access: 'public',
    body: { schema: webLoginSchema, component: 'WebLogin' },
    answer: json('The sign-in stage', 'WebSessionState (src/server/routes/webAuth.ts)'),
    errors: [429],
  },
  {
    method: 'post',
    path: '/v1/web/link',
    tag: 'dashboard',
    summary:
      'Dashboard sign-in with a one-time link (made only by the server process, e.g. `expacti demo`); single-use, a minute, audited, throttled',
    access: 'public',
    body: { schema: webLinkSchema, component: 'WebLink' },
    answer: json('The sign-in stage', 'WebSessionState (src/server/routes/webAuth.ts)'),
    errors: [429],
  },
  {
    method: 'post',
    path: '/v1/web/totp',
    tag: 'dashboard',
    summary: 'The TOTP step of a dashboard sign-in, or first enrolment',
    access: 'session',
    body: { schema: webTotpSchema, component: 'WebTotp' },
    answer: json('The sign-in stage', 'WebSessionState (src/server/routes/webAuth.ts)'),
    errors: [429],
  },
  {
    method: 'post',
    path: '/v1/web/logout',
    tag: 'dashboard',
    summary: 'End the dashboard session',
    access: 'session',
    answer: json('Signed out', "{ stage: 'signed_out' }"),
  },
  {
    method: 'post',
    path: '/v1/web/totp/new',
    tag: 'dashboard',
    summary: 'A fresh TOTP secret and its otpauth URI, to enrol from the dashboard',
    access: 'user',
    answer: json('The secret and URI', '{ secret: string; uri: string }'),
  },
  {
    method: 'post',
    path: '/v1/web/totp/enable',
    tag: 'dashboard',
    summary: 'Turn on TOTP with a secret and a current code (audited)',
    access: 'user',
    body: { schema: totpEnableSchema, component: 'TotpEnable' },
    answer: json('Enabled', '{ ok: true }'),
    errors: [409],
  },
  {
    method: 'post',
    path: '/v1/whitelist/preview',
    tag: 'dashboard',
    summary: "What an entry would have allowed among the org's recent requests",
    access: 'user',
    body: { schema: whitelistPreviewSchema, component: 'WhitelistPreview' },
    answer: json('Matches with their outcomes', 'WhitelistPreview (src/server/services/whitelistPreview.ts)'),
  },
  {
    method: 'get',
    path: '/v1/insights',
    tag: 'dashboard',
    summary: "The dashboard's aggregates per day",
    access: 'user',
    query: insightsQuery,
    answer: json('Aggregates', 'Insights (src/server/services/insights.ts)'),
  },
  ...POLICY_ENDPOINTS,
];

/** Routes the app mounts that are not API: the dashboard's page and assets. */
export const SITE_ROUTES: ReadonlyArray<{ method: 'get'; path: string }> = [
  { method: 'get', path: '/' },
  { method: 'get', path: '/assets/*' },
  { method: 'get', path: '/favicon.svg' },
];
