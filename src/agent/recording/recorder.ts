/**
 * Records a session's output as asciicast v2 (issue 14), in memory and capped: past the cap the
 * rest is counted, not kept, and the header says the recording was truncated. UTF-8 split across
 * chunks is decoded across them (a multi-byte character is never cut in two).
 */
import { StringDecoder } from 'node:string_decoder';
import {
  RECORDING_MAX_BYTES,
  type AsciicastEvent,
  type AsciicastHeader,
  type RecordingOrigin,
} from '../../protocol/asciicast.js';

/** Room kept under the cap for the header and the closing marker. */
const HEADER_ROOM = 4096;

export interface RecorderOptions {
  origin: RecordingOrigin;
  width?: number;
  height?: number;
  command?: string;
  title?: string;
  maxBytes?: number;
  now?: () => number;
  /**
   * The output did not come through a terminal (no pty): show each line feed as a terminal with
   * onlcr would (CR LF), so that players do not draw a staircase.
   */
  crlf?: boolean;
}

export class Recorder {
  private readonly started: number;
  private readonly lines: string[] = [];
  private bytes = 0;
  private truncated = false;
  private dropped = 0;
  private readonly decoders = new Map<string, StringDecoder>();
  private readonly now: () => number;
  private readonly maxBytes: number;
  private width: number;
  private height: number;

  constructor(private readonly options: RecorderOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.maxBytes = Math.max(HEADER_ROOM * 2, (options.maxBytes ?? RECORDING_MAX_BYTES) - HEADER_ROOM);
    this.width = options.width ?? 80;
    this.height = options.height ?? 24;
  }

  /** Output the session showed (stdout and stderr alike: a terminal shows both). */
  output(chunk: Buffer | string, stream = 'out'): void {
    const text = typeof chunk === 'string' ? chunk : this.decode(stream, chunk);
    this.event('o', this.options.crlf ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  /** A note in the timeline (a gate decision, a refusal): shown as a marker by players. */
  marker(text: string): void {
    this.event('m', text);
  }

  resize(width: number, height: number): void {
    if (width > 0 && height > 0) {
      this.width = this.lines.length === 0 ? width : this.width;
      this.height = this.lines.length === 0 ? height : this.height;
      this.event('r', `${width}x${height}`);
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** The whole asciicast text. */
  finish(): string {
    for (const [stream, decoder] of this.decoders) {
      const rest = decoder.end();
      if (rest) this.event('o', rest);
      this.decoders.delete(stream);
    }
    if (this.truncated)
      this.lines.push(
        JSON.stringify([
          this.elapsed(),
          'm',
          `expacti: recording stopped at its size cap; ${this.dropped} more bytes of output were not recorded`,
        ] satisfies AsciicastEvent),
      );
    const header: AsciicastHeader = {
      version: 2,
      width: this.width,
      height: this.height,
      timestamp: Math.floor(this.started / 1000),
      ...(this.options.command !== undefined ? { command: this.options.command } : {}),
      ...(this.options.title !== undefined ? { title: this.options.title } : {}),
      expacti: { ...this.options.origin, ...(this.truncated ? { truncated: true } : {}) },
    };
    return [JSON.stringify(header), ...this.lines].join('\n') + '\n';
  }

  private decode(stream: string, chunk: Buffer): string {
    let decoder = this.decoders.get(stream);
    if (!decoder) this.decoders.set(stream, (decoder = new StringDecoder('utf8')));
    return decoder.write(chunk);
  }

  private elapsed(): number {
    return Math.round(this.now() - this.started) / 1000;
  }

  private event(code: AsciicastEvent[1], data: string): void {
    if (data === '') return;
    if (this.truncated) {
      this.dropped += Buffer.byteLength(data);
      return;
    }
    const line = JSON.stringify([this.elapsed(), code, data] satisfies AsciicastEvent);
    const size = Buffer.byteLength(line) + 1;
    if (this.bytes + size > this.maxBytes) {
      this.truncated = true;
      this.dropped += Buffer.byteLength(data);
      return;
    }
    this.bytes += size;
    this.lines.push(line);
  }
}
