/**
 * The org policy file (docs/policies.md, "Team approval policies"): YAML validated by this schema.
 * Rules match the analysis and the runtime context — never the command's text — and say what a
 * matching request needs: an auto-deny, N approvals (optionally from named groups), the groups it
 * is routed to, its timeout and what happens at it, escalation steps, and whether it may be
 * whitelisted. Notification channels say where pending and escalated requests are announced.
 */
import { z } from 'zod';
import { TIERS } from '../../protocol/tiers.js';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-" (at most 63)');
const text = (max = 200) => z.string().min(1).max(max);
/** A duration: 90s, 2m, 1h, or a number of seconds. */
export const durationSchema = z.union([
  z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3600),
  z.string().regex(/^\d+(s|m|h)$/, 'a duration such as 90s, 2m or 1h'),
]);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(100);
const tier = z.enum(TIERS);

export const matchSchema = z
  .object({
    /** Any of these tiers. */
    tier: list(tier).optional(),
    /** This tier or higher. */
    minTier: tier.optional(),
    /** Any part of the command is in one of these risk categories (database, deletion, network, …). */
    category: list(text(64)).optional(),
    /** Any part runs one of these programs (the analysed program, after unwrapping sudo, env, sh -c, …). */
    program: list(text(64)).optional(),
    /** Any SQL statement it carries is one of these (SELECT, UPDATE, DELETE, DROP, TRUNCATE, …). */
    sql: list(text(32)).optional(),
    /** The SQL touches one of these tables. */
    table: list(text(128)).optional(),
    /** Any part runs on another machine, container or pod (ssh, docker exec, kubectl exec). */
    remote: z.boolean().optional(),
    /** The agent's name (globs: `*` within a word). */
    agent: list(text(128)).optional(),
    session: list(text(256)).optional(),
    host: list(text(255)).optional(),
    /** The working directory (globs: `*` within a path segment, `**` across segments). */
    cwd: list(text(1024)).optional(),
    /** The git branch the agent reported, or the one its git probe found. */
    branch: list(text(255)).optional(),
    /** Runtime context: the kube namespace / context the command acts in. */
    namespace: list(text(255)).optional(),
    kubeContext: list(text(255)).optional(),
    /** Runtime context: the SQL server's database name. */
    database: list(text(255)).optional(),
    /** Runtime context: the planner's estimate of the rows its SQL touches (the largest). */
    estimatedRows: z
      .object({
        min: z.number().int().nonnegative().optional(),
        max: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
    /** Runtime context: any path it touches resolves (through symlinks) to one of these. */
    symlinkTarget: list(text(1024)).optional(),
    /** The session read untrusted content before this request (issue 25). */
    tainted: z.boolean().optional(),
  })
  .strict();

export const escalationSchema = z.object({ after: durationSchema, to: name }).strict();

export const effectSchema = z
  .object({
    /** Refuse at once with this message (the agent and the audit see it). */
    deny: text(500).optional(),
    /** Distinct reviewers who must approve (default 1). */
    approvals: z.number().int().min(1).max(10).optional(),
    /** Only approvals from members of these groups count. */
    from: list(name).optional(),
    /** Notify these groups when it starts waiting. */
    route: list(name).optional(),
    /** Decide within this long (default: the org's approval timeout). */
    timeout: durationSchema.optional(),
    /** What happens at the timeout: deny (the default), or approve — only for rules matching at most low. */
    onTimeout: z.enum(['deny', 'approve']).optional(),
    /** Notify further groups when nobody decided after a while. */
    escalate: z.array(escalationSchema).min(1).max(10).optional(),
    /** forbid: no whitelist entry allows it, it is never auto-allowed, and it cannot be approved "& whitelist". */
    whitelist: z.enum(['allow', 'forbid']).optional(),
  })
  .strict();

/** An example: a command, or a command with the runtime facts it is seen with. */
export const exampleSchema = z.union([
  text(4000),
  z
    .object({
      command: text(4000),
      agent: text(128).optional(),
      session: text(256).optional(),
      host: text(255).optional(),
      cwd: text(1024).optional(),
      branch: text(255).optional(),
      namespace: text(255).optional(),
      kubeContext: text(255).optional(),
      database: text(255).optional(),
      estimatedRows: z.number().int().nonnegative().optional(),
      symlinkTargets: z.array(text(1024)).max(100).optional(),
      tainted: z.boolean().optional(),
    })
    .strict(),
]);

export const ruleSchema = z
  .object({
    name,
    description: text(1000).optional(),
    match: matchSchema,
    effect: effectSchema,
    examples: z
      .object({ match: list(exampleSchema), noMatch: z.array(exampleSchema).max(100).optional() })
      .strict(),
  })
  .strict();

const secretRef = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'the name of an environment variable of the server');
const channelBase = {
  name,
  /** Only requests routed or escalated to these groups; omitted: every request that waits. */
  groups: list(name).optional(),
  /** Which events: pending (a request starts waiting), escalated, decided. Default pending and escalated. */
  events: list(z.enum(['pending', 'escalated', 'decided'])).optional(),
};
const webUrl = z.string().url().max(2000);

export const channelSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...channelBase,
      type: z.literal('slack'),
      url: webUrl.optional(),
      urlEnv: secretRef.optional(),
    })
    .strict(),
  z
    .object({
      ...channelBase,
      /** A Microsoft Teams incoming webhook (or Workflows webhook): an Adaptive Card message. */
      type: z.literal('teams'),
      url: webUrl.optional(),
      urlEnv: secretRef.optional(),
    })
    .strict(),
  z
    .object({
      ...channelBase,
      type: z.literal('webhook'),
      url: webUrl.optional(),
      urlEnv: secretRef.optional(),
      /** The HMAC-SHA256 key, from this environment variable (never written in the file). */
      secretEnv: secretRef,
    })
    .strict(),
  z
    .object({
      ...channelBase,
      type: z.literal('email'),
      to: list(z.string().email()),
      from: z.string().min(3).max(320),
      smtp: z
        .object({
          host: text(255),
          port: z.number().int().min(1).max(65535).optional(),
          secure: z.boolean().optional(),
          /** STARTTLS required (default true unless secure). */
          requireTls: z.boolean().optional(),
          userEnv: secretRef.optional(),
          passwordEnv: secretRef.optional(),
        })
        .strict(),
    })
    .strict(),
]);

export const policySchema = z
  .object({
    version: z.literal(1),
    rules: z.array(ruleSchema).max(500).default([]),
    notifications: z
      .object({
        channels: z.array(channelSchema).max(50).default([]),
        /** How long a decide link in a message stays valid (default 1h). */
        linkTtl: durationSchema.optional(),
        /** Delivery attempts before a message is dead (default 8: about 2 minutes of backoff). */
        maxAttempts: z.number().int().min(1).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PolicyDocument = z.infer<typeof policySchema>;
export type PolicyRule = z.infer<typeof ruleSchema>;
export type PolicyMatch = z.infer<typeof matchSchema>;
export type PolicyEffect = z.infer<typeof effectSchema>;
export type PolicyExample = z.infer<typeof exampleSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;

/** Seconds in a duration of the policy file. */
export function durationSeconds(value: number | string): number {
  if (typeof value === 'number') return value;
  const n = Number(value.slice(0, -1));
  return value.endsWith('h') ? n * 3600 : value.endsWith('m') ? n * 60 : n;
}
