/**
 * POST /v1/ssh/raw-shell (issue 14): the SSH gateway asks whether an agent's interactive terminal
 * may be passed through raw (unfiltered) instead of line-gated. The server decides from the org's
 * `sshRawPtyAgents` setting (default empty: never) and audits the answer either way.
 */
import { z } from 'zod';

export interface RawShellBody {
  /** The agent session the terminal belongs to. */
  session: string;
  /** The target account and host (`deploy@db1:22`). */
  target: string;
}

export interface RawShellResponse {
  allowed: boolean;
  /** Why, in words (the setting behind it). */
  reason: string;
}

export const rawShellSchema = z
  .object({ session: z.string().min(1).max(255), target: z.string().min(1).max(300) })
  .strict();
