// Safe file serving: a URL path maps to a file inside one root folder or to nothing.
import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.tga': 'image/x-tga',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.obj': 'text/plain; charset=utf-8',
  '.mtl': 'text/plain; charset=utf-8',
  '.py': 'text/plain; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Decodes a URL path once; null when it is malformed. */
export function decodeUrlPath(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}

/**
 * Maps a decoded, '/'-separated path to an absolute path inside `root`, or null when it
 * would leave it.
 */
export function resolveInside(root: string, decoded: string): string | null {
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  const target = resolve(root, ...segments);
  return isWithin(root, target) ? target : null;
}

/** A pychrono data file, named relative to the data folder or by an absolute path in it. */
export async function findDataFile(dataDir: string, requested: string): Promise<FoundFile | null> {
  if (!isAbsolute(requested)) return findFile(dataDir, requested);
  const rel = relative(resolve(dataDir), resolve(requested));
  if (rel === '' || !isWithin(dataDir, resolve(requested))) return null;
  return findFile(dataDir, rel.split(sep).join('/'));
}

function isWithin(root: string, target: string): boolean {
  const rel = relative(resolve(root), target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Finds the regular file a decoded '/'-separated path names inside `root`, following
 * symbolic links only when they stay inside it. Directories are never listed: they
 * resolve to nothing.
 */
export async function findFile(root: string, relPath: string): Promise<FoundFile | null> {
  const candidate = resolveInside(root, relPath);
  if (!candidate) return null;
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isWithin(realRoot, realTarget)) return null;
    const info = await stat(realTarget);
    if (!info.isFile()) return null;
    return { path: realTarget, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}
