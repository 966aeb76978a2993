/**
 * /v1/recordings (issue 14): agent-side recorders upload finished asciicast recordings (the raw
 * text, `application/x-asciicast`); reviewers list a session's or request's recordings and fetch
 * one to play in the dashboard or export (the stored bytes, with their SHA-256 as audited).
 */
import { Hono } from 'hono';
import { noQuery, recordingsQuery } from '../../protocol/querySchemas.js';
import type { AppEnv, ServerServices } from '../context.js';
import { requireAgent, requireUser } from '../auth.js';
import { idParam, readTextBody } from '../body.js';
import { readQuery } from '../query.js';
import { getRecording, listRecordings, RECORDING_MAX_BYTES, storeRecording } from '../services/recordings.js';

export function recordingRoutes(s: ServerServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const agent = requireAgent(c);
    const text = await readTextBody(
      c,
      RECORDING_MAX_BYTES,
      `the recording is over ${RECORDING_MAX_BYTES} bytes; the recorder caps it before that`,
    );
    return c.json({ recording: await storeRecording(s, agent, text) }, 201);
  });

  app.get('/', async (c) => {
    const user = requireUser(c);
    return c.json({ recordings: await listRecordings(s, user, readQuery(c, recordingsQuery)) });
  });

  app.get('/:id', async (c) => {
    const user = requireUser(c);
    readQuery(c, noQuery);
    const record = await getRecording(s, user, idParam(c, 'recording'));
    c.header('content-type', 'application/x-asciicast; charset=utf-8');
    c.header('content-disposition', `inline; filename="expacti-${record.id}.cast"`);
    c.header('x-expacti-sha256', record.sha256);
    c.header('cache-control', 'no-store');
    return c.body(record.asciicast);
  });

  return app;
}
