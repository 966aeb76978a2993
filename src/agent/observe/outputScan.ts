/**
 * Scanning what a shell read prints (issue 25) as it passes to the agent: every byte is forwarded
 * unchanged and hashed; the first SCAN_LIMIT_CHARS are kept and scanned when it ends. Bounded in
 * memory and time whatever the command prints.
 */
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { OutputScan } from '../../protocol/reads.js';
import { scanText, SCAN_LIMIT_CHARS } from '../../core/reads/findings.js';

export class OutputScanner {
  private readonly hash = createHash('sha256');
  private readonly decoder = new StringDecoder('utf8');
  private kept = '';
  private bytes = 0;
  private truncated = false;

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.kept.length < SCAN_LIMIT_CHARS) {
      this.kept += this.decoder.write(chunk);
      if (this.kept.length > SCAN_LIMIT_CHARS) {
        this.kept = this.kept.slice(0, SCAN_LIMIT_CHARS);
        this.truncated = true;
      }
    } else this.truncated = true;
  }

  finish(): OutputScan {
    if (!this.truncated) this.kept += this.decoder.end();
    return {
      size: this.bytes,
      sha256: this.bytes ? this.hash.digest('hex') : null,
      findings: this.bytes ? scanText(this.kept) : [],
      truncated: this.truncated,
    };
  }
}
