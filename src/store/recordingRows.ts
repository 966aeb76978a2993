/** Session recordings (issue 14): the record, and how it maps to and from a `recordings` row. */
import { isoTime, read } from './rows.js';
import type { Row } from './ops/statement.js';

import type { RecordingKind } from '../protocol/asciicast.js';

export type { RecordingKind };

/** A recording without its content (what lists show). */
export interface RecordingMeta {
  id: string;
  orgId: string;
  createdAt: string;
  agentTokenId: string;
  agentName: string;
  session: string;
  /** The request it records (an exec, a run); null for an interactive shell (many requests). */
  requestId: string | null;
  kind: RecordingKind;
  /** Where it ran, e.g. `deploy@db1:22` for the SSH gateway; null for a local run. */
  target: string | null;
  durationMs: number;
  /** Bytes of the asciicast text. */
  size: number;
  /** SHA-256 (hex) of the asciicast text's UTF-8 bytes, as also recorded in the audit chain. */
  sha256: string;
  /** The output went on past the size cap; the rest was not recorded. */
  truncated: boolean;
}

export interface RecordingRecord extends RecordingMeta {
  /** The asciicast v2 text (header line, then one event per line). */
  asciicast: string;
}

export const RECORDING_META_COLUMNS = [
  'id',
  'org_id',
  'created_at',
  'agent_token_id',
  'agent_name',
  'session',
  'request_id',
  'kind',
  'target',
  'duration_ms',
  'size',
  'sha256',
  'truncated',
] as const;

export const RECORDING_COLUMNS = [...RECORDING_META_COLUMNS, 'asciicast'] as const;

export function recordingValues(r: RecordingRecord): unknown[] {
  return [
    r.id,
    r.orgId,
    isoTime(r.createdAt),
    r.agentTokenId,
    r.agentName,
    r.session,
    r.requestId,
    r.kind,
    r.target,
    r.durationMs,
    r.size,
    r.sha256,
    r.truncated,
    r.asciicast,
  ];
}

export function recordingMetaFromRow(row: Row): RecordingMeta {
  return {
    id: read.str(row.id),
    orgId: read.str(row.org_id),
    createdAt: read.time(row.created_at),
    agentTokenId: read.str(row.agent_token_id),
    agentName: read.str(row.agent_name),
    session: read.str(row.session),
    requestId: read.strOrNull(row.request_id),
    kind: read.str(row.kind) as RecordingKind,
    target: read.strOrNull(row.target),
    durationMs: read.num(row.duration_ms),
    size: read.num(row.size),
    sha256: read.str(row.sha256),
    truncated: read.bool(row.truncated),
  };
}

export function recordingFromRow(row: Row): RecordingRecord {
  return { ...recordingMetaFromRow(row), asciicast: read.str(row.asciicast) };
}
