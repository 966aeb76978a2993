/**
 * Session recordings on the wire (issue 14): asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/),
 * a JSON header line, then one `[seconds, code, data]` event per line. expacti adds one key to the
 * header, `expacti`, saying what the recording is of; players ignore keys they do not know.
 * Pure: used by the recorder (agent side), the server (which checks what it stores) and the dashboard.
 */

export const RECORDING_KINDS = ['ssh-exec', 'ssh-shell', 'ssh-sftp', 'run'] as const;
export type RecordingKind = (typeof RECORDING_KINDS)[number];

/** The most a stored recording may hold (bytes of asciicast text); the recorder stops before it. */
export const RECORDING_MAX_BYTES = 2 * 1024 * 1024;

export interface RecordingOrigin {
  kind: RecordingKind;
  /** The agent session it belongs to. */
  session: string;
  /** The request it records (an exec, a run); absent for a shell (one request per line). */
  request?: string;
  /** Where it ran: `user@host:port` for SSH. */
  target?: string;
  /** The recorder stopped at its size cap: the output went on, unrecorded. */
  truncated?: boolean;
}

export interface AsciicastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp?: number;
  duration?: number;
  command?: string;
  title?: string;
  env?: Record<string, string>;
  expacti: RecordingOrigin;
}

/** Event codes: output, input, marker, resize. */
export type AsciicastEvent = [number, 'o' | 'i' | 'm' | 'r', string];

export type CheckedAsciicast =
  { ok: true; header: AsciicastHeader; durationMs: number; events: number } | { ok: false; why: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isSize = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) <= 10_000;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 255;

function checkOrigin(v: unknown): RecordingOrigin | string {
  if (!isObject(v)) return 'the header has no "expacti" object saying what it records';
  if (!RECORDING_KINDS.includes(v.kind as RecordingKind))
    return `expacti.kind must be one of ${RECORDING_KINDS.join(', ')}`;
  if (!isName(v.session)) return 'expacti.session must be a non-empty string';
  if (v.request !== undefined && !isName(v.request)) return 'expacti.request must be a request id';
  if (v.target !== undefined && !isName(v.target)) return 'expacti.target must be a string';
  if (v.truncated !== undefined && typeof v.truncated !== 'boolean')
    return 'expacti.truncated must be true or false';
  return v as unknown as RecordingOrigin;
}

/** Checks a whole recording: a v2 header with its origin, then well-formed events in time order. */
export function checkAsciicast(text: string): CheckedAsciicast {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return { ok: false, why: 'the first line is not a JSON header' };
  }
  if (!isObject(header) || header.version !== 2) return { ok: false, why: 'not an asciicast v2 header' };
  if (!isSize(header.width) || !isSize(header.height))
    return { ok: false, why: 'the header needs a width and height (1–10000)' };
  const origin = checkOrigin(header.expacti);
  if (typeof origin === 'string') return { ok: false, why: origin };
  let last = 0;
  for (let i = 1; i < lines.length; i++) {
    let event: unknown;
    try {
      event = JSON.parse(lines[i] as string);
    } catch {
      return { ok: false, why: `line ${i + 1} is not JSON` };
    }
    if (
      !Array.isArray(event) ||
      event.length !== 3 ||
      typeof event[0] !== 'number' ||
      !Number.isFinite(event[0]) ||
      !['o', 'i', 'm', 'r'].includes(event[1] as string) ||
      typeof event[2] !== 'string'
    )
      return { ok: false, why: `line ${i + 1} is not an event [seconds, "o"|"i"|"m"|"r", text]` };
    if (event[0] < last) return { ok: false, why: `line ${i + 1} goes back in time` };
    last = event[0];
  }
  return {
    ok: true,
    header: header as unknown as AsciicastHeader,
    durationMs: Math.round(last * 1000),
    events: lines.length - 1,
  };
}

/** What the dashboard and the API show of a stored recording (its content is fetched on its own). */
export interface RecordingView {
  id: string;
  createdAt: string;
  agent: string;
  session: string;
  requestId: string | null;
  kind: RecordingKind;
  target: string | null;
  durationMs: number;
  size: number;
  sha256: string;
  truncated: boolean;
}
