import { createWriteStream, type WriteStream } from 'node:fs';
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  FRAME_SAMPLE,
  KIND_FRAME,
  RECORDING_MAGIC,
  encodeJsonMessage,
  frameMessage,
  type Frame,
  type HelloMessage,
  type JsonMessage,
  type MetaMessage,
} from '../../common/stream';

export interface RecordingInfo {
  script: string;
  scriptPath: string | null;
  /** TwinForge's version. */
  twinforge: string;
}

/**
 * Writes a `.tfrec` recording (python-runtime/PROTOCOL.md) while the run goes: the magic
 * (format 2), a `meta` message (the script and the versions from `hello`), then the
 * stream's JSON messages and its sample frames (float64), each framed as on the pipe.
 * Display-only frames are left out (the timeline scrubs by simulated time) unless they
 * carry terrain: HEIGHTS changes and GRID heights are sent once, in whatever frame comes
 * next, so they are kept (readers take only their extras). A run that crashes keeps what
 * was written.
 */
export class RecordingWriter {
  private readonly out: WriteStream;
  private metaWritten = false;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly info: RecordingInfo,
  ) {
    this.out = createWriteStream(path);
    this.out.on('error', (err) => (this.failure ??= err));
    this.out.write(RECORDING_MAGIC);
  }

  message(message: JsonMessage): void {
    if (message.type === 'meta') return;
    this.writeMeta(message.type === 'hello' ? message : null);
    this.out.write(encodeJsonMessage(message));
  }

  /** A frame's payload as the bridge sent it, and the frame it decodes to. */
  frame(payload: Uint8Array, frame: Pick<Frame, 'flags' | 'extras'>): void {
    const terrain = frame.extras.some((e) => e.kind === EXTRA_HEIGHTS || e.kind === EXTRA_GRID);
    if (!(frame.flags & FRAME_SAMPLE) && !terrain) return;
    this.writeMeta(null);
    this.out.write(frameMessage(KIND_FRAME, payload));
  }

  /** Flushes and closes the file; rejects with the first write error, if any. */
  async close(): Promise<void> {
    this.writeMeta(null);
    await new Promise<void>((resolve) => this.out.end(resolve));
    if (this.failure)
      throw new Error(`Could not write the recording ${this.path}: ${this.failure.message}`);
  }

  private writeMeta(hello: HelloMessage | null): void {
    if (this.metaWritten) return;
    this.metaWritten = true;
    const meta: MetaMessage = {
      type: 'meta',
      script: this.info.script,
      scriptPath: this.info.scriptPath,
      createdAt: new Date().toISOString(),
      twinforge: this.info.twinforge,
      hello,
    };
    this.out.write(encodeJsonMessage(meta));
  }
}
