// The PyChrono API index the editor and the lint use: the one the probe wrote for the
// installed pychrono when there is one, else the bundled 9.0.1 index. Each file is read,
// validated and cached once (again only when it changes on disk).
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { apiIndexSchema, type ApiIndex } from '../../common/contract/api-index';
import { ApiModel } from '../../common/lint/api-model';
import type { Handlers } from '../handlers';

export const BUNDLED_INDEX_FILE = join('pychrono-api', 'pychrono-9.0.1.json');

/** resources/ beside the app in a package, at the checkout's root in development. */
export function defaultResourcesDir(): string {
  const candidates: string[] = [];
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = resolve(here); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'resources'));
    if (dirname(dir) === dir) break;
  }
  candidates.push(join(process.cwd(), 'resources'));
  return candidates.find((dir) => existsSync(join(dir, BUNDLED_INDEX_FILE))) ?? candidates[0];
}

/** Reads and validates an index file; the error names the file and what is wrong. */
export async function loadApiIndex(path: string): Promise<ApiIndex> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`The PyChrono API index ${path} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`The PyChrono API index ${path} is not JSON: ${(err as Error).message}`);
  }
  const parsed = apiIndexSchema.safeParse(json);
  if (!parsed.success) {
    let issue: z.ZodIssue | undefined = parsed.error.issues[0];
    // An entry matches none of the kinds: say what is wrong with it as the kind it names.
    while (issue?.code === 'invalid_union') issue = issue.unionErrors[0]?.issues[0] ?? undefined;
    const where = issue?.path.join('.') || 'the top level';
    throw new Error(`The PyChrono API index ${path} is not valid at ${where}: ${issue?.message}`);
  }
  return parsed.data;
}

export interface ApiIndexServiceOptions {
  /** Where resources/ is (the bundled index lives in its pychrono-api/ folder). */
  resourcesDir?: string;
  /**
   * The index the probe wrote for the installed pychrono, or null when it has none. This is
   * the seam the probe fills; until then the bundled index is used.
   */
  installedIndexPath?: () => string | null | Promise<string | null>;
  /** Told once per file when an installed index cannot be used (the bundled one is). */
  warn?: (message: string) => void;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  index: Promise<ApiIndex>;
}

export class ApiIndexService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly warned = new Set<string>();
  /** Lookups over each index, built once per index read. */
  private readonly models = new WeakMap<ApiIndex, ApiModel>();

  constructor(private readonly options: ApiIndexServiceOptions = {}) {}

  handlers(): Pick<Handlers, 'api.index'> {
    return { 'api.index': () => this.current() };
  }

  get bundledPath(): string {
    return join(this.options.resourcesDir ?? defaultResourcesDir(), BUNDLED_INDEX_FILE);
  }

  /** The installed pychrono's index when there is a valid one, else the bundled one. */
  async current(): Promise<ApiIndex> {
    const installed = await this.options.installedIndexPath?.();
    if (installed) {
      try {
        return await this.load(installed);
      } catch (err) {
        const message = (err as Error).message;
        if (!this.warned.has(message)) {
          this.warned.add(message);
          (this.options.warn ?? console.warn)(`${message}; the bundled 9.0.1 index is used.`);
        }
      }
    }
    return this.load(this.bundledPath);
  }

  /** Lookups over the current index (the lint's and the model grounding's view of it). */
  async model(): Promise<ApiModel> {
    const index = await this.current();
    let model = this.models.get(index);
    if (!model) {
      model = new ApiModel(index);
      this.models.set(index, model);
    }
    return model;
  }

  /** One file's index, cached until the file changes. */
  load(path: string): Promise<ApiIndex> {
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      return Promise.reject(
        new Error(`The PyChrono API index ${path} cannot be read: ${(err as Error).message}`),
      );
    }
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.index;
    const index = loadApiIndex(path);
    this.cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, index });
    // A file that failed is read again next time (it may have been fixed).
    index.catch(() => {
      if (this.cache.get(path)?.index === index) this.cache.delete(path);
    });
    return index;
  }
}
