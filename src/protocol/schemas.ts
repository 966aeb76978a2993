/**
 * Runtime schemas for request bodies, used by the server to validate input. Kept beside the types
 * in api.ts and checked against them at compile time (the `satisfies` lines at the end).
 */
import { z } from 'zod';
import { LIMITS } from './api.js';
import { probeResultSchema } from './contextSchemas.js';
import { effectsSchema, execScopeSchema } from './scopeSchemas.js';
import { outputScanSchema } from './readSchemas.js';
import type {
  ApproveBody,
  CreateUserBody,
  AuditVerifyBody,
  ClaudeHookAtOnceBody,
  CreateWhitelistBody,
  DenyBody,
  ResultBody,
  SubmitRequestBody,
} from './api.js';

const text = (max: number) => z.string().max(max);

export const commandInputSchema = z.union([
  z.object({ argv: z.array(z.string()).min(1, 'argv needs at least the program') }).strict(),
  z.object({ shell: z.string().min(1, 'shell must not be empty') }).strict(),
]);

export const submitRequestSchema = z
  .object({
    command: commandInputSchema,
    cwd: z.string().min(1).max(4096),
    host: text(255).optional(),
    osUser: text(255).optional(),
    session: text(255).optional(),
    gitBranch: text(1024).optional(),
    reason: text(LIMITS.reasonChars).optional(),
    context: z
      .object({ probes: z.array(probeResultSchema).max(100).optional() })
      .strict()
      .optional(),
    scopeResolved: z.record(z.string().min(1).max(4096), z.string().min(1).max(4096)).optional(),
    askReviewer: z.boolean().optional(),
    onlyIfAllowedAtOnce: z.boolean().optional(),
  })
  .strict();

/** POST /v1/hooks/claude (api.ts ClaudeHookAtOnceBody); the input is read by the hook's own parser. */
export const claudeHookAtOnceSchema = z
  .object({
    input: z.unknown(),
    cwd: z.string().min(1).max(4096),
    host: text(255).optional(),
    osUser: text(255).optional(),
    gitBranch: text(1024).optional(),
    self: z.array(z.string().min(1).max(4096)).min(1).max(4),
  })
  .strict();

export const whitelistOnApproveSchema = z.union([
  z.boolean(),
  z
    .object({
      pattern: z.string().min(1).max(LIMITS.commandBytes).optional(),
      agent: z.string().min(1).max(255).optional(),
      ttlSeconds: z
        .number()
        .int()
        .positive()
        .max(10 * 365 * 86400)
        .optional(),
      acceptDenied: z.boolean().optional(),
      session: z.boolean().optional(),
    })
    .strict(),
]);

export const approveSchema = z
  .object({
    note: text(LIMITS.noteChars).optional(),
    whitelist: whitelistOnApproveSchema.optional(),
    seen: z.string().min(1).max(64).optional(),
    scope: execScopeSchema.optional(),
  })
  .strict();

export const denySchema = z
  .object({
    note: z.string().trim().min(1, 'a denial needs a note for the agent').max(LIMITS.noteChars),
    seen: z.string().min(1).max(64).optional(),
  })
  .strict();

export const cancelSchema = z.object({ reason: z.string().min(1).max(200).optional() }).strict();

export const resultSchema = z
  .object({
    exitCode: z.number().int().min(-1).max(255).nullable(),
    signal: z.string().max(32).nullable().optional(),
    durationMs: z.number().min(0).max(1e10),
    confinement: z.enum(['confined', 'unconfined', 'unavailable']).optional(),
    notRun: z.string().max(4000).optional(),
    effects: effectsSchema.optional(),
    read: outputScanSchema.optional(),
  })
  .strict();

export const createWhitelistSchema = z
  .object({
    pattern: z.string().min(1).max(LIMITS.commandBytes),
    effect: z.enum(['allow', 'deny']).optional(),
    agent: z.string().min(1).max(255).optional(),
    ttlSeconds: z.number().int().positive().optional(),
    note: text(LIMITS.noteChars).optional(),
    acceptDenied: z.boolean().optional(),
  })
  .strict();

export const updateWhitelistSchema = z
  .object({
    disabled: z.boolean().optional(),
    pattern: z.string().min(1).max(LIMITS.commandBytes).optional(),
    /** null: the whole org. */
    agent: z.string().min(1).max(255).nullable().optional(),
    ttlSeconds: z.number().int().positive().nullable().optional(),
    note: text(LIMITS.noteChars).nullable().optional(),
    acceptDenied: z.boolean().optional(),
  })
  .strict();

export const usernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'use letters, digits, dot, dash or underscore');

export const createUserSchema = z
  .object({
    username: usernameSchema,
    role: z.enum(['admin', 'reviewer']),
    password: z.string().min(12, 'passwords need at least 12 characters').max(1024).optional(),
  })
  .strict();

export const createTokenSchema = z.object({ agent: usernameSchema }).strict();

export const loginSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
    totp: z
      .string()
      .regex(/^\d{6}$/, 'a TOTP code is 6 digits')
      .optional(),
    label: z.string().max(64).optional(),
  })
  .strict();

export const orgSettingsSchema = z
  .object({
    approvalTimeoutSeconds: z.number().int().min(1).max(86400).optional(),
    requireTotp: z.boolean().optional(),
    protectedBranches: z.array(z.string().min(1).max(255)).max(100).optional(),
    confineRequiredFrom: z.enum(['safe', 'low', 'medium', 'high', 'critical']).nullable().optional(),
    recordEffects: z.boolean().optional(),
    revokeOnViolation: z.boolean().optional(),
    autoAllowReadOnly: z.boolean().optional(),
    projectMode: z.boolean().optional(),
    autoAllowUnconfined: z.boolean().optional(),
    taintCommands: z.number().int().min(0).max(10_000).optional(),
    taintMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    readExcerpts: z.boolean().optional(),
    maxPendingPerAgent: z.number().int().min(1).max(10_000).optional(),
    submitsPerMinutePerToken: z.number().int().min(1).max(10_000_000).optional(),
    submitsPerMinutePerOrg: z.number().int().min(1).max(10_000_000).optional(),
    ticketMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    sshRawPtyAgents: z.array(usernameSchema).max(100).optional(),
  })
  .strict();

/** POST /v1/requests/:id/ticket takes no options. */
export const ticketSchema = z.object({}).strict();

export const checkSchema = z.object({ command: commandInputSchema }).strict();

const base64 = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
export const auditCheckpointSchema = z
  .object({
    format: z.literal('expacti-audit-checkpoint/1'),
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits'),
    at: z.string().max(40),
    signer: z.string().min(1).max(64),
    publicKey: base64,
    signature: base64,
  })
  .strict();

export const auditVerifySchema = z
  .object({ checkpoints: z.array(auditCheckpointSchema).min(1).max(1000) })
  .strict();

// Compile-time checks that the schemas accept exactly the documented bodies.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesTypes: [
  Equal<z.infer<typeof submitRequestSchema>['command'], SubmitRequestBody['command']>,
  Equal<z.infer<typeof submitRequestSchema>['onlyIfAllowedAtOnce'], SubmitRequestBody['onlyIfAllowedAtOnce']>,
  Equal<z.infer<typeof denySchema>, DenyBody>,
  Equal<z.infer<typeof resultSchema>['exitCode'], ResultBody['exitCode']>,
  Equal<z.infer<typeof approveSchema>['note'], ApproveBody['note']>,
  Equal<z.infer<typeof createUserSchema>['role'], CreateUserBody['role']>,
  Equal<z.infer<typeof createWhitelistSchema>['pattern'], CreateWhitelistBody['pattern']>,
  Equal<z.infer<typeof auditVerifySchema>, AuditVerifyBody>,
  Equal<z.infer<typeof claudeHookAtOnceSchema>['self'], ClaudeHookAtOnceBody['self']>,
] = [true, true, true, true, true, true, true, true, true];
