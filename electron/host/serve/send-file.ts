// Sends one file: ETags so a reload revalidates instead of downloading again, and gzip for
// the renderer's text assets (the main bundle is ~4 MB, ~1 MB compressed), which matters
// when a lab opens the workstation's serve mode over the network.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { mimeType, type FoundFile } from './static-files';

const gzip = promisify(gzipCallback);
const COMPRESSIBLE = /^(text\/|application\/(json|wasm)|image\/svg)/;
const MIN_COMPRESS_BYTES = 1024;
const MAX_COMPRESS_BYTES = 32 * 1024 * 1024;

export function etagOf(file: FoundFile): string {
  return `"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;
}

export class FileSender {
  /** Compressed bodies by path, valid while the file's ETag is unchanged. */
  private readonly compressed = new Map<string, { etag: string; body: Buffer }>();

  async send(
    req: IncomingMessage,
    res: ServerResponse,
    file: FoundFile,
    headers: Record<string, string>,
    compress: boolean,
  ): Promise<void> {
    const etag = etagOf(file);
    const type = mimeType(file.path);
    const common = { ...headers, 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, common);
      res.end();
      return;
    }
    const gzipOk =
      compress &&
      COMPRESSIBLE.test(type) &&
      file.size >= MIN_COMPRESS_BYTES &&
      file.size <= MAX_COMPRESS_BYTES &&
      /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzipOk) {
      const body = await this.gzipped(file, etag);
      res.writeHead(200, {
        ...common,
        'Content-Encoding': 'gzip',
        'Content-Length': String(body.byteLength),
        Vary: 'Accept-Encoding',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, { ...common, 'Content-Length': String(file.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  private async gzipped(file: FoundFile, etag: string): Promise<Buffer> {
    const cached = this.compressed.get(file.path);
    if (cached?.etag === etag) return cached.body;
    const body = await gzip(await readFile(file.path));
    this.compressed.set(file.path, { etag, body });
    return body;
  }
}
