/** Sends a finished recording to the server (POST /v1/recordings, the raw asciicast text). */
import type { ExpactiClient } from '../../client/client.js';
import type { RecordingView } from '../../protocol/asciicast.js';

export async function uploadRecording(client: ExpactiClient, asciicast: string): Promise<RecordingView> {
  const res = await client.callText<{ recording: RecordingView }>(
    'POST',
    '/recordings',
    asciicast,
    'application/x-asciicast',
  );
  return res.recording;
}
