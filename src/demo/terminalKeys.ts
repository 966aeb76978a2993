/**
 * Deciding from the terminal: while a request waits, one key approves (a) or denies (d) it. Only
 * on a terminal (raw mode, so no Enter is needed); Ctrl-C still ends the demo. The terminal is put
 * back as it was on every way out.
 */
export type Key = 'approve' | 'deny' | 'quit' | 'interrupt';

export class TerminalKeys {
  private listener: ((chunk: Buffer) => void) | null = null;

  constructor(private readonly input: NodeJS.ReadStream) {}

  get available(): boolean {
    return this.input.isTTY === true;
  }

  /** The next meaningful key; `signal` aborts the wait (the decision came from elsewhere). */
  next(keys: readonly Key[], signal: AbortSignal): Promise<Key | null> {
    if (!this.available)
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(null)));
    return new Promise((resolve) => {
      const finish = (key: Key | null) => {
        this.stop();
        signal.removeEventListener('abort', onAbort);
        resolve(key);
      };
      const onAbort = () => finish(null);
      signal.addEventListener('abort', onAbort, { once: true });
      this.listener = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (text.includes('\u0003')) return finish('interrupt');
        const key: Key | undefined =
          text === 'a' || text === 'A'
            ? 'approve'
            : text === 'd' || text === 'D'
              ? 'deny'
              : text === 'q' || text === 'Q'
                ? 'quit'
                : undefined;
        if (key && keys.includes(key)) finish(key);
      };
      this.input.setRawMode(true);
      this.input.resume();
      this.input.on('data', this.listener);
    });
  }

  stop(): void {
    if (this.listener) this.input.off('data', this.listener);
    this.listener = null;
    if (this.available) {
      this.input.setRawMode(false);
      this.input.pause();
    }
  }
}
