/**
 * The recordings of a request or a session (issue 14): each with what it is, its size and audited
 * SHA-256, an export link (the stored .cast) and a player. The player (asciinema-player) loads
 * only when a recording is shown.
 */
import { useEffect, useState } from 'react';
import { errorText, get } from '../api.js';
import type { RecordingView } from '../../../src/protocol/asciicast.js';
import { stamp } from '../ui/format.js';
import { Faithful } from '../ui/Faithful.js';
import { RecordingPlayer } from './RecordingPlayer.js';

const KIND: Record<RecordingView['kind'], string> = {
  'ssh-exec': 'SSH command',
  'ssh-shell': 'SSH shell',
  'ssh-sftp': 'SFTP',
  run: 'expacti run',
};

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export function RecordingList({ request, session }: { request?: string; session?: string }) {
  const [rows, setRows] = useState<RecordingView[] | null>(null);
  const [error, setError] = useState('');
  const query = request
    ? `request=${encodeURIComponent(request)}`
    : `session=${encodeURIComponent(session ?? '')}`;
  useEffect(() => {
    get<{ recordings: RecordingView[] }>(`/v1/recordings?${query}`).then(
      (r) => setRows(r.recordings),
      (e: unknown) => setError(errorText(e)),
    );
  }, [query]);
  if (error) return <p className="error">Recordings: {error}</p>;
  if (!rows || rows.length === 0) return null;
  return (
    <section className="recordings" aria-labelledby={`rec-title-${query}`} data-testid="recordings">
      <h3 id={`rec-title-${query}`}>What happened (recorded)</h3>
      {rows.map((r) => (
        <article key={r.id} className="recording" data-testid="recording">
          <p className="small">
            {KIND[r.kind]}
            {r.target ? (
              <>
                {' on '}
                <code>
                  <Faithful text={r.target} />
                </code>
              </>
            ) : null}
            {' · '}
            {stamp(r.createdAt)} · {(r.durationMs / 1000).toFixed(1)} s · {size(r.size)} ·{' '}
            <a
              href={`/v1/recordings/${r.id}`}
              download={`expacti-${r.id}.cast`}
              data-testid="recording-export"
            >
              Export .cast
            </a>
          </p>
          {r.truncated && (
            <p className="warn-inline small" data-testid="recording-truncated">
              The output went past the size cap: the end was not recorded.
            </p>
          )}
          <p className="muted small">
            SHA-256 <code title="as recorded in the audit chain">{r.sha256}</code>
          </p>
          <RecordingPlayer id={r.id} />
        </article>
      ))}
    </section>
  );
}
