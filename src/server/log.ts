/**
 * The server's log: JSON lines (pino) on stderr with a level, a time and, on lines about an HTTP
 * request, its request id; or the same lines for people (`--log-format pretty`).
 *
 * No secret may reach it. What the server logs is chosen field by field (never a request body or
 * headers), and two guards stand behind that choice, whatever a later change logs by mistake:
 *  - fields named like secrets (password, token, secret, authorization, cookie, totp, privateKey)
 *    are replaced by "[redacted]" at any of the first three levels of a line;
 *  - anything shaped like an expacti token (exp_a_…, exp_u_…) is cut to its prefix, and the
 *    credentials in a URL (scheme://user:password@…) are cut out, anywhere in a line, messages and
 *    error stacks included.
 * Text from clients can hold terminal control characters: JSON lines escape hidden characters as
 * \u escapes, pretty lines show them as ⟨…⟩ (the display rule, protocol/displayText.ts).
 */
import pino from 'pino';
import { displayInline, jsonSafe, terminalSafe } from '../protocol/displayText.js';
import type { LogFormat, LogLevel } from './config.js';

type LogFn = {
  (message: string): void;
  (fields: Record<string, unknown>, message: string): void;
};

/** What services log with; fields are structured (an error goes in `err`). */
export interface Log {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  isLevelEnabled(level: LogLevel): boolean;
  child(bindings: Record<string, unknown>): Log;
  /** Resolves once every line written so far is out. */
  flushed(): Promise<void>;
}

export interface LogOptions {
  format: LogFormat | null;
  level: LogLevel;
  /** Default: process.stderr. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

const SECRET_KEYS = ['password', 'token', 'secret', 'authorization', 'cookie', 'totp', 'privateKey'];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
const TOKEN_SHAPE = /\b(exp_[au]_)[A-Za-z0-9_-]{8,}/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"]+@/gi;

/** Cuts anything shaped like an expacti token to its prefix, and credentials out of URLs. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_SHAPE, '$1…[redacted]').replace(URL_CREDENTIALS, '$1…@');
}

export function createLog(options: LogOptions): Log {
  const out = options.destination ?? process.stderr;
  const pretty = options.format === 'pretty' || (options.format === null && out.isTTY === true);
  const sink = {
    write(line: string): void {
      const masked = maskTokens(line);
      out.write(pretty ? prettyLine(masked) : jsonSafe(masked));
    },
  };
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    sink,
  );
  const flushed = () => new Promise<void>((resolve) => out.write('', () => resolve()));
  return wrap(logger, flushed);
}

/** A log that drops everything (for tests and tools that build services without a server). */
export function silentLog(): Log {
  return wrap(pino({ level: 'silent' }), () => Promise.resolve());
}

function wrap(logger: pino.Logger, flushed: () => Promise<void>): Log {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error'): LogFn =>
    (a: string | Record<string, unknown>, b?: string) =>
      typeof a === 'string' ? logger[level](a) : logger[level](a, b);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: (level) => logger.isLevelEnabled(level),
    child: (bindings) => wrap(logger.child(bindings), flushed),
    flushed,
  };
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** One JSON line as a line for people: time, level, message, the other fields; an error's stack below. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return terminalSafe(json);
  }
  const { time, level, msg, err, pid: _pid, ...fields } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const name = LEVEL_NAMES[Number(level)] ?? String(level);
  const rest = Object.entries(fields)
    .map(([k, v]) => `${displayInline(k)}=${displayInline(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join(' ');
  // Each value on one line (a newline sent by a client cannot start a fake log line).
  let line = `${clock} ${name.padEnd(5)} ${displayInline(String(msg ?? ''))}${rest ? `  ${rest}` : ''}`;
  if (err && typeof err === 'object') {
    const e = err as { message?: unknown; stack?: unknown };
    const text = String(e.stack ?? e.message ?? JSON.stringify(err));
    line += text
      .split('\n')
      .map((l) => `\n    ${displayInline(l)}`)
      .join('');
  }
  return line + '\n';
}
