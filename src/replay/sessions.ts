/**
 * Reading a replay file: JSON lines, one session each — `{"session": "…", "cwd"?: "…", "cmds": ["…"]}`
 * (docs/policies.md). Errors name the line and what is wrong with it; nothing is replayed from a
 * file that does not read completely.
 */
import { z } from 'zod';

export interface ReplaySession {
  session: string;
  /** Where the agent ran (the project); absent: a stand-in project directory. */
  cwd: string | null;
  cmds: string[];
}

/** A stand-in project for sessions without a `cwd` (deep enough to be a project, not a home). */
export const DEFAULT_CWD = '/home/agent/work/project';

const sessionSchema = z
  .object({
    session: z.string().min(1).max(200),
    cwd: z.string().startsWith('/', 'cwd must be an absolute path').max(4096).optional(),
    cmds: z.array(z.string().min(1, 'a command must not be empty').max(65_536)).max(100_000),
  })
  .passthrough();

export class ReplayFileError extends Error {}

export function parseSessions(text: string): ReplaySession[] {
  const sessions: ReplaySession[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ReplayFileError(`line ${i + 1}: not JSON (${(error as Error).message})`);
    }
    const parsed = sessionSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new ReplayFileError(
        `line ${i + 1}: ${issue?.message ?? 'not a session'}${where} (expected {"session": "…", "cwd"?: "/…", "cmds": ["…"]})`,
      );
    }
    sessions.push({ session: parsed.data.session, cwd: parsed.data.cwd ?? null, cmds: parsed.data.cmds });
  }
  if (sessions.length === 0) throw new ReplayFileError('no sessions: the file has no JSON lines');
  return sessions;
}
