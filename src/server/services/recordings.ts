/**
 * Session recordings (issue 14): an agent-side recorder (the SSH gateway, `expacti run --record`)
 * uploads a finished asciicast; the server checks it, binds it to the agent's own request or
 * session, stores it with its SHA-256 and puts that hash into the audit chain in the same
 * transaction. Reviewers list a session's or a request's recordings and fetch one to play or export.
 */
import { createHash } from 'node:crypto';
import { checkAsciicast, RECORDING_MAX_BYTES, type RecordingView } from '../../protocol/asciicast.js';
import type { RecordingMeta, RecordingRecord } from '../../store/recordingRows.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../auth.js';
import { badRequest, notFound } from '../errors.js';

export interface RecordingDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

type Agent = Extract<Principal, { kind: 'agent' }>;
type User = Extract<Principal, { kind: 'user' }>;

export { RECORDING_MAX_BYTES };

export async function storeRecording(
  deps: RecordingDeps,
  agent: Agent,
  text: string,
): Promise<RecordingView> {
  const checked = checkAsciicast(text);
  if (!checked.ok) throw badRequest(`not a recording expacti can store: ${checked.why}`);
  const origin = checked.header.expacti;
  if (origin.request !== undefined) {
    const request = await deps.store.getRequest(agent.orgId, origin.request);
    // A recording is evidence of what this agent's own request did, nobody else's.
    if (!request || request.agentTokenId !== agent.tokenId) throw notFound('request');
    if (request.session !== null && request.session !== origin.session)
      throw badRequest('expacti.session is not the session of expacti.request');
  }
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const at = deps.now().toISOString();
  const record: RecordingRecord = {
    id: deps.newId(),
    orgId: agent.orgId,
    createdAt: at,
    agentTokenId: agent.tokenId,
    agentName: agent.name,
    session: origin.session,
    requestId: origin.request ?? null,
    kind: origin.kind,
    target: origin.target ?? null,
    durationMs: checked.durationMs,
    size: Buffer.byteLength(text, 'utf8'),
    sha256,
    truncated: origin.truncated === true,
    asciicast: text,
  };
  await deps.store.insertRecording(record, [
    {
      ts: at,
      orgId: agent.orgId,
      actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
      action: 'recording.stored',
      subject: record.id,
      data: {
        sha256,
        size: record.size,
        kind: record.kind,
        session: record.session,
        request: record.requestId,
        target: record.target,
        truncated: record.truncated,
        events: checked.events,
      },
    },
  ]);
  return recordingView(record);
}

export async function listRecordings(
  deps: Pick<RecordingDeps, 'store'>,
  user: User,
  query: { session?: string; request?: string },
): Promise<RecordingView[]> {
  const rows = await deps.store.listRecordings(user.orgId, {
    ...(query.session !== undefined ? { session: query.session } : {}),
    ...(query.request !== undefined ? { requestId: query.request } : {}),
    limit: 100,
  });
  return rows.map(recordingView);
}

export async function getRecording(
  deps: Pick<RecordingDeps, 'store'>,
  user: User,
  id: string,
): Promise<RecordingRecord> {
  const record = await deps.store.getRecording(user.orgId, id);
  if (!record) throw notFound('recording');
  return record;
}

export function recordingView(r: RecordingMeta): RecordingView {
  return {
    id: r.id,
    createdAt: r.createdAt,
    agent: r.agentName,
    session: r.session,
    requestId: r.requestId,
    kind: r.kind,
    target: r.target,
    durationMs: r.durationMs,
    size: r.size,
    sha256: r.sha256,
    truncated: r.truncated,
  };
}
