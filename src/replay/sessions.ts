/**
 * Reading a replay file (docs/policies.md): JSON lines, one session each —
 * `{"session": "…", "cwd"?: "…", "cmds": ["…"]}` — or the lines of `expacti audit export`, whose
 * submissions (`request.created`, `request.allowed`) are grouped into their sessions in order.
 * Errors name the line and what is wrong with it; nothing is replayed from a file that does not
 * read completely.
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

const auditSchema = z
  .object({
    action: z.string(),
    subject: z.string().nullable().optional(),
    data: z
      .object({
        command: z.string().min(1).max(65_536).optional(),
        cwd: z.string().nullable().optional(),
        session: z.string().nullable().optional(),
      })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough();

const SUBMISSIONS = new Set(['request.created', 'request.allowed']);

/** An audit record: a submission adds its command to its session (once per request). */
function addAuditRecord(
  value: unknown,
  line: number,
  bySession: Map<string, ReplaySession>,
  seen: Set<string>,
): void {
  const parsed = auditSchema.safeParse(value);
  if (!parsed.success) throw new ReplayFileError(`line ${line}: not an audit record`);
  const { action, subject, data } = parsed.data;
  if (!SUBMISSIONS.has(action) || !data?.command) return;
  if (subject) {
    if (seen.has(subject)) return;
    seen.add(subject);
  }
  const key = data.session ?? '(no session)';
  let session = bySession.get(key);
  if (!session) {
    session = { session: key, cwd: data.cwd?.startsWith('/') ? data.cwd : null, cmds: [] };
    bySession.set(key, session);
  }
  session.cmds.push(data.command);
}

export function parseSessions(text: string): ReplaySession[] {
  const sessions: ReplaySession[] = [];
  const fromAudit = new Map<string, ReplaySession>();
  const seen = new Set<string>();
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
    if (value !== null && typeof value === 'object' && 'action' in value) {
      addAuditRecord(value, i + 1, fromAudit, seen);
      continue;
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
  sessions.push(...fromAudit.values());
  if (sessions.length === 0)
    throw new ReplayFileError('no sessions: the file has no sessions and no submissions of an audit export');
  return sessions;
}
