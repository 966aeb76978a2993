/**
 * Bodies of the dashboard's own routes (cookie sign-in, TOTP enrolment, whitelist preview), used
 * by the server to validate them; beside the API's in schemas.ts.
 */
import { z } from 'zod';

const code = z.string().regex(/^\d{6}$/, 'a code is 6 digits');

/** A one-time sign-in link's secret (the part after `#/sign-in/`: 32 bytes, base64url). */
export const webLinkSchema = z
  .object({ link: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a sign-in link') })
  .strict();

export const webLoginSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
    /** The TOTP code with the password, in one step (the page asks for it while the account is guarded). */
    code: code.optional(),
  })
  .strict();

export const webTotpSchema = z
  .object({
    code,
    /** The secret being enrolled, on first enrolment. */
    secret: z.string().min(16).max(128).optional(),
  })
  .strict();

export const totpEnableSchema = z.object({ secret: z.string().min(16).max(128), code }).strict();

export const whitelistPreviewSchema = z
  .object({
    pattern: z.string().min(1).max(8192),
    agent: z.string().min(1).max(255).optional(),
    /** The request being approved: not a "past" command. */
    exclude: z.string().max(64).optional(),
  })
  .strict();
