/** Plays one stored recording with asciinema-player, fetched with the session cookie like every API call. */
import { useEffect, useRef, useState } from 'react';
import 'asciinema-player/dist/bundle/asciinema-player.css';

export function RecordingPlayer({ id }: { id: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let disposed = false;
    let dispose: (() => void) | undefined;
    (async () => {
      const res = await fetch(`/v1/recordings/${id}`, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const data = await res.text();
      const player = await import('asciinema-player');
      if (disposed || !box.current) return;
      const p = player.create({ data }, box.current, { fit: 'width', idleTimeLimit: 2, controls: true });
      dispose = () => p.dispose();
    })().catch((e: unknown) => setError(`cannot play it: ${(e as Error).message}`));
    return () => {
      disposed = true;
      dispose?.();
    };
  }, [id]);
  return (
    <>
      {error && <p className="error">{error}</p>}
      <div ref={box} className="recording-player" data-testid="recording-player" />
    </>
  );
}
