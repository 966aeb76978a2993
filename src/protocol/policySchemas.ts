/** Bodies and queries of the team-policy endpoints (issue 11), validated by the server. */
import { z } from 'zod';

export const policyUploadSchema = z
  .object({
    source: z
      .string()
      .min(1)
      .max(256 * 1024),
    note: z.string().max(500).optional(),
    /** Refuse the upload when the latest version is no longer this one (optimistic concurrency). */
    ifLatest: z.number().int().nonnegative().optional(),
  })
  .strict();

export const policyCheckSchema = z
  .object({
    source: z
      .string()
      .min(1)
      .max(256 * 1024),
  })
  .strict();

export const groupNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-" (at most 63)');

export const createGroupSchema = z.object({ name: groupNameSchema }).strict();
export const groupMemberSchema = z.object({ username: z.string().min(1).max(64) }).strict();

export const notificationsQuery = z
  .object({ status: z.enum(['pending', 'sent', 'dead']).optional() })
  .strict();
