// Where an export's bytes go, as @mcap/core's IWritable (the CSV and .tfrec exports write
// through the same interface): memory, for a download, or a file, written under a
// temporary name beside it and renamed over it once complete, so a failed export never
// leaves half a file or costs the one that was there.
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { IWritable } from '@mcap/core';
import { tempNameFor } from '../files/atomic-write';

export class MemorySink implements IWritable {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  async write(buffer: Uint8Array): Promise<void> {
    // The writer may reuse its buffer once the write resolves.
    this.chunks.push(buffer.slice());
    this.size += buffer.byteLength;
  }

  position(): bigint {
    return BigInt(this.size);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}

export class FileSink implements IWritable {
  private size = 0;

  private constructor(
    readonly path: string,
    private readonly tempPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<FileSink> {
    const tempPath = tempNameFor(path);
    return new FileSink(path, tempPath, await open(tempPath, 'wx'));
  }

  async write(buffer: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < buffer.byteLength) {
      const { bytesWritten } = await this.handle.write(buffer, offset);
      offset += bytesWritten;
    }
    this.size += buffer.byteLength;
  }

  position(): bigint {
    return BigInt(this.size);
  }

  /** Puts the complete file in place. */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(this.tempPath, this.path);
  }

  /** Gives up: the temporary file goes, whatever was at the path stays. */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.tempPath).catch(() => undefined);
  }
}
