import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_OUTPUT_CAP_BYTES = 2 * 1024 * 1024;

/**
 * Turns a run's stdout and stderr bytes into text, up to a cap shared by both streams, so
 * a script that prints in a tight loop cannot flood the console or the host's memory.
 * Passing the cap yields one notice, then nothing.
 */
export class OutputCap {
  private used = 0;
  private capped = false;
  private readonly decoders = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };

  constructor(private readonly capBytes = DEFAULT_OUTPUT_CAP_BYTES) {}

  /** The text to show for this chunk, or null when nothing is shown. */
  take(stream: 'stdout' | 'stderr', chunk: Buffer): { text: string; notice: string | null } | null {
    if (this.capped) return null;
    const room = this.capBytes - this.used;
    const kept = chunk.byteLength <= room ? chunk : chunk.subarray(0, room);
    this.used += kept.byteLength;
    const text = this.decoders[stream].write(kept);
    if (kept.byteLength === chunk.byteLength) return text ? { text, notice: null } : null;
    this.capped = true;
    const mib = (this.capBytes / (1024 * 1024)).toFixed(this.capBytes % (1024 * 1024) ? 1 : 0);
    return {
      text,
      notice: `\n[TwinForge: the output of this run passed ${mib} MB; the rest is not shown.]\n`,
    };
  }

  get isCapped(): boolean {
    return this.capped;
  }
}
