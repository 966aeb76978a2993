/**
 * Session recordings (issue 14): inserted once with their audit record (which carries the hash),
 * never changed. Lists return the metadata only; the content is read one recording at a time.
 */
import type { AuditDraft } from '../records.js';
import {
  RECORDING_COLUMNS,
  RECORDING_META_COLUMNS,
  recordingFromRow,
  recordingMetaFromRow,
  recordingValues,
  type RecordingMeta,
  type RecordingRecord,
} from '../recordingRows.js';
import { insertSql } from '../sql.js';
import { appendAudit } from './audit.js';
import { all, count, one, type Op } from './statement.js';

export interface RecordingQuery {
  session?: string;
  requestId?: string;
  limit: number;
}

export function* insertRecording(recording: RecordingRecord, audit: AuditDraft[]): Op<void> {
  yield* count(insertSql('recordings', RECORDING_COLUMNS), ...recordingValues(recording));
  yield* appendAudit(audit);
}

export function* getRecording(orgId: string, id: string): Op<RecordingRecord | null> {
  const row = yield* one(
    `SELECT ${RECORDING_COLUMNS.join(', ')} FROM recordings WHERE org_id = ? AND id = ?`,
    orgId,
    id,
  );
  return row ? recordingFromRow(row) : null;
}

/** Newest first, by session and/or request. */
export function* listRecordings(orgId: string, query: RecordingQuery): Op<RecordingMeta[]> {
  const where = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (query.session !== undefined) {
    where.push('session = ?');
    params.push(query.session);
  }
  if (query.requestId !== undefined) {
    where.push('request_id = ?');
    params.push(query.requestId);
  }
  const rows = yield* all(
    `SELECT ${RECORDING_META_COLUMNS.join(', ')} FROM recordings WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    ...params,
    query.limit,
  );
  return rows.map(recordingMetaFromRow);
}
