/**
 * Query parameters, one strict schema per GET route (the server reads them through one function,
 * server/query.ts): an unknown, repeated or malformed parameter is a 400 naming it, never a 500.
 * Every value arrives as text; these schemas say which text is acceptable and what it becomes.
 */
import { z } from 'zod';

/** A whole number written in decimal digits only ("1e3", " 5", "0x10" are refused). */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO 8601 date (2026-01-31, midnight UTC) or date-time with a zone (2026-01-31T09:30:00Z,
 * …+02:00), that names a real instant: 2026-02-30 or 25:00 are refused, not rolled over.
 */
export function isIsoInstant(text: string): boolean {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return false;
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = m;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  const zone = m[7];
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return false;
  return !Number.isNaN(Date.parse(text));
}

const instant = z
  .string()
  .refine(isIsoInstant, 'must be an ISO 8601 date or date-time with a zone, e.g. 2026-01-31T09:30:00Z');

const name = z.string().min(1, 'must not be empty').max(255);

export const listRequestsQuery = z
  .object({
    status: z.enum(['pending', 'approved', 'denied', 'expired']).optional(),
    agent: name.optional(),
    session: name.optional(),
    before: instant.optional(),
    since: instant.optional(),
    limit: wholeNumber(1, 1000).default(100),
  })
  .strict();

export const auditPageQuery = z
  .object({
    after: wholeNumber(0, Number.MAX_SAFE_INTEGER).default(0),
    limit: wholeNumber(1, 1000).default(1000),
  })
  .strict();

export const insightsQuery = z.object({ days: wholeNumber(1, 365).default(30) }).strict();

/** Routes that take no parameters still refuse them: a typo should not be silently ignored. */
export const noQuery = z.object({}).strict();

export type ListRequestsQuery = z.infer<typeof listRequestsQuery>;

/** GET /v1/sessions/reads?session=… */
export const sessionReadsQuery = z.object({ session: name }).strict();

/** GET /v1/recordings: a session's or a request's recordings (at least one of the two). */
export const recordingsQuery = z
  .object({ session: name.optional(), request: name.optional() })
  .strict()
  .refine((q) => q.session !== undefined || q.request !== undefined, 'give session or request');
