// Reading the runtime stream: a parser fed chunks as they arrive (from the bridge's pipe
// or a recording file), linear in the bytes it gets, with a size cap per message kind,
// and every message checked against the protocol before anyone uses it.
import {
  KIND_FRAME,
  KIND_JSON,
  RECORDING_VERSION,
  StreamError,
  decodeFrame,
  recordingMagic,
  type StreamMessage,
} from './stream';
import { STREAM_LIMITS, validateJsonMessage } from './stream-schema';

const HEADER_BYTES = 5;
/** Enough of a JSON payload to tell a scene (or a meta) message by its first key. */
const PEEK_BYTES = 64;
const FIRST_TYPE = /^\s*\{\s*"type"\s*:\s*"(\w+)"/;
/** The JSON messages that may be larger than STREAM_LIMITS.jsonBytes. */
const LARGE_JSON: Record<string, [what: string, limit: number]> = {
  scene: ['a scene', STREAM_LIMITS.sceneBytes],
  meta: ['a recording header', STREAM_LIMITS.metaBytes],
};

export interface StreamParserOptions {
  /** The protocol the messages follow: 1 for an old recording. */
  version?: number;
  /** Who wrote the bytes, as errors name it. */
  origin?: 'script' | 'file';
}

/**
 * Splits a byte stream into checked messages. Chunks are kept in a list and joined once,
 * when their message is whole, so a large message costs its size, not its size times the
 * number of chunks it came in. A message longer than its kind may be, a malformed frame or
 * a JSON message that breaks the protocol throws a StreamError saying so: the stream
 * cannot be trusted after that.
 */
export class StreamParser {
  private chunks: Uint8Array[] = [];
  /** Bytes of chunks[0] already consumed. */
  private head = 0;
  private buffered = 0;
  private readonly decoder = new TextDecoder();
  private readonly version: number;
  private readonly origin: 'script' | 'file';

  constructor(options: StreamParserOptions = {}) {
    this.version = options.version ?? RECORDING_VERSION;
    this.origin = options.origin ?? 'script';
  }

  push(chunk: Uint8Array): StreamMessage[] {
    if (chunk.byteLength) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    const out: StreamMessage[] = [];
    while (this.buffered >= HEADER_BYTES) {
      const header = this.peek(HEADER_BYTES);
      const view = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
      const length = view.getUint32(0, true);
      const kind = header[4];
      if (length < 1) throw new StreamError('a message of the stream has length 0');
      this.checkSize(length, kind);
      if (this.buffered - 4 < length) break;
      this.skip(HEADER_BYTES);
      // Its own aligned buffer, so that frames can be viewed by typed arrays and transferred.
      const payload = this.take(length - 1);
      out.push(this.decode(kind, payload));
    }
    return out;
  }

  /** Bytes received that do not yet form a whole message (a cut-off tail). */
  get pendingBytes(): number {
    return this.buffered;
  }

  private checkSize(length: number, kind: number): void {
    if (kind === KIND_FRAME) {
      if (length > STREAM_LIMITS.frameBytes)
        throw this.tooLarge(length, 'a frame', STREAM_LIMITS.frameBytes);
      return;
    }
    if (kind !== KIND_JSON) throw new StreamError(`a message of unknown kind ${kind}`);
    if (length <= STREAM_LIMITS.jsonBytes) return;
    // Large JSON is allowed only for the kinds that need it, told by their first bytes.
    const known = Math.min(this.buffered, HEADER_BYTES + PEEK_BYTES, 4 + length);
    const start = new TextDecoder().decode(this.peek(known).subarray(HEADER_BYTES));
    const type = FIRST_TYPE.exec(start)?.[1];
    if (type === undefined && known < HEADER_BYTES + PEEK_BYTES) return; // wait for more
    const large = type && Object.hasOwn(LARGE_JSON, type) ? LARGE_JSON[type] : undefined;
    const [what, limit] = large ?? ['a message', STREAM_LIMITS.jsonBytes];
    if (length > limit) throw this.tooLarge(length, what, limit);
  }

  private tooLarge(length: number, what: string, limit: number): StreamError {
    const who = this.origin === 'script' ? 'the script sent' : 'the file holds';
    return new StreamError(
      `${who} a ${formatBytes(length)} message; the limit for ${what} is ${formatBytes(limit)}`,
    );
  }

  private decode(kind: number, payload: Uint8Array): StreamMessage {
    if (kind === KIND_FRAME) return { kind: 'frame', frame: decodeFrame(payload) };
    let value: unknown;
    try {
      value = JSON.parse(this.decoder.decode(payload));
    } catch (err) {
      throw new StreamError(`a JSON message is not valid JSON (${(err as Error).message})`);
    }
    return { kind: 'json', message: validateJsonMessage(value, this.version) };
  }

  /** The next `n` buffered bytes, without consuming them (a copy only across chunks). */
  private peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first.byteLength - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let filled = 0;
    let offset = this.head;
    for (const c of this.chunks) {
      const part = c.subarray(offset, offset + (n - filled));
      out.set(part, filled);
      filled += part.byteLength;
      offset = 0;
      if (filled === n) break;
    }
    return out;
  }

  private skip(n: number): void {
    this.take(n, false);
  }

  /** Consumes `n` bytes; returns them in a buffer of their own (when `copy`). */
  private take(n: number, copy = true): Uint8Array {
    const out = copy ? new Uint8Array(n) : EMPTY;
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const part = Math.min(c.byteLength - this.head, n - filled);
      if (copy) out.set(c.subarray(this.head, this.head + part), filled);
      filled += part;
      this.head += part;
      if (this.head === c.byteLength) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.buffered -= n;
    return out;
  }
}

const EMPTY = new Uint8Array(0);

/** 1 GiB, 64 MiB, 59.5 MiB, 312 KiB, 90 bytes. */
export function formatBytes(n: number): string {
  const units: Array<[string, number]> = [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ];
  for (const [unit, size] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}

/** The format version of a recording (the byte after "TFREC\0"), or null if it is none. */
export function recordingVersionOf(bytes: Uint8Array): number | null {
  for (let version = 1; version <= RECORDING_VERSION; version++) {
    const magic = recordingMagic(version);
    if (magic.every((b, i) => bytes[i] === b)) return version;
  }
  return null;
}

/**
 * Reads a whole recording, of this version or an older one; a cut-off tail (a crash while
 * writing) is ignored. A file that is not a recording, or breaks the protocol, throws a
 * StreamError that says why.
 */
export function parseRecording(bytes: Uint8Array): StreamMessage[] {
  const version = recordingVersionOf(bytes);
  if (version === null) {
    const prefix = recordingMagic(0).subarray(0, 6);
    const newer = prefix.every((b, i) => bytes[i] === b) && bytes[6] > RECORDING_VERSION;
    throw new StreamError(
      newer
        ? `a recording of format ${bytes[6]}, newer than this TwinForge reads (${RECORDING_VERSION})`
        : 'Not a TwinForge recording (bad header)',
    );
  }
  const magicLength = recordingMagic(version).byteLength;
  return new StreamParser({ version, origin: 'file' }).push(bytes.subarray(magicLength));
}
