// Where a pack comes from: a pack file, a folder or runtime-pack.json that lists packs, or
// an http(s)/file URL of any of these. Finds the manifest (runtime-pack.json beside the pack
// or at the mirror), checks it, and picks the pack meant for this machine.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  describeMachine,
  packIndexSchema,
  type PackManifest,
} from '../../common/contract/runtimes';
import type { Machine } from './machine';

export const MANIFEST_NAME = 'runtime-pack.json';
/** The oldest Python the bridge runs on. */
const MIN_PYTHON: [number, number] = [3, 8];
const MANIFEST_MAX_BYTES = 1_000_000;
const MANIFEST_TIMEOUT_MS = 30_000;

export type Location = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface ListedPack {
  manifest: PackManifest;
  pack: Location;
}

export interface ResolvedPack extends ListedPack {
  manifestAt: Location;
}

/** A source that cannot be used: its message says why. */
export class PackSourceError extends Error {}

export function describeLocation(location: Location): string {
  return location.kind === 'file' ? location.path : location.url;
}

/** What `from` names: a manifest to read, and the pack file it named directly (if any). */
async function locate(from: string): Promise<{ manifestAt: Location; packName: string | null }> {
  const text = from.trim();
  if (/^https?:\/\//i.test(text)) {
    const url = new URL(text);
    if (url.pathname.endsWith('.json'))
      return { manifestAt: { kind: 'url', url: url.href }, packName: null };
    if (url.pathname.endsWith('.tar.gz')) {
      return {
        manifestAt: { kind: 'url', url: new URL(MANIFEST_NAME, url).href },
        packName: decodeURIComponent(basename(url.pathname)),
      };
    }
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return { manifestAt: { kind: 'url', url: new URL(MANIFEST_NAME, url).href }, packName: null };
  }
  const path = /^file:/i.test(text) ? fileURLToPath(text) : resolve(text);
  const info = await stat(path).catch(() => null);
  if (!info) throw new PackSourceError(`${path} does not exist.`);
  if (info.isDirectory()) {
    return { manifestAt: { kind: 'file', path: join(path, MANIFEST_NAME) }, packName: null };
  }
  if (path.endsWith('.json')) return { manifestAt: { kind: 'file', path }, packName: null };
  if (path.endsWith('.tar.gz')) {
    return {
      manifestAt: { kind: 'file', path: join(dirname(path), MANIFEST_NAME) },
      packName: basename(path),
    };
  }
  throw new PackSourceError(
    `${path} is not a runtime pack: give a .tar.gz pack (with its ${MANIFEST_NAME} beside it), a ${MANIFEST_NAME}, or the folder holding them.`,
  );
}

async function readManifestText(at: Location, signal?: AbortSignal): Promise<string> {
  if (at.kind === 'file') {
    const info = await stat(at.path).catch(() => null);
    if (!info) {
      throw new PackSourceError(
        `No ${MANIFEST_NAME} at ${at.path}: TwinForge checks every pack against its manifest. Copy the ${MANIFEST_NAME} that came with the pack into the same folder.`,
      );
    }
    if (info.size > MANIFEST_MAX_BYTES)
      throw new PackSourceError(`${at.path} is too large for a manifest.`);
    return readFile(at.path, 'utf8');
  }
  const timeout = AbortSignal.timeout(MANIFEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(at.url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'follow',
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    const cause =
      (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new PackSourceError(
      `Could not reach ${at.url}: ${cause}. Check the runtime mirror setting and the network.`,
    );
  }
  if (!response.ok) {
    throw new PackSourceError(
      response.status === 404
        ? `No ${MANIFEST_NAME} at ${at.url} (404): check the runtime mirror's address.`
        : `${at.url} answered ${response.status} ${response.statusText}.`,
    );
  }
  const text = await response.text();
  if (text.length > MANIFEST_MAX_BYTES)
    throw new PackSourceError(`${at.url} is too large for a manifest.`);
  return text;
}

/** The packs a manifest (or index of manifests) lists, each with where its archive is. */
export async function readPackList(at: Location, signal?: AbortSignal): Promise<ListedPack[]> {
  const where = describeLocation(at);
  let json: unknown;
  try {
    json = JSON.parse(await readManifestText(at, signal));
  } catch (err) {
    if (err instanceof SyntaxError)
      throw new PackSourceError(`${where} is not valid JSON: ${err.message}`);
    throw err;
  }
  const parsed = packIndexSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackSourceError(
      `${where} is not a runtime manifest: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}.`,
    );
  }
  const manifests = 'packs' in parsed.data ? parsed.data.packs : [parsed.data];
  return manifests.map((manifest) => ({ manifest, pack: besideManifest(at, manifest.file) }));
}

function besideManifest(at: Location, file: string): Location {
  return at.kind === 'file'
    ? { kind: 'file', path: join(dirname(at.path), file) }
    : { kind: 'url', url: new URL(encodeURIComponent(file), at.url).href };
}

/** The packs at `from`, and where their manifest is. */
export async function listPacks(
  from: string,
  signal?: AbortSignal,
): Promise<{ manifestAt: Location; packs: ListedPack[]; packName: string | null }> {
  const { manifestAt, packName } = await locate(from);
  const packs = await readPackList(manifestAt, signal);
  return { manifestAt, packs, packName };
}

/** Why a pack cannot be installed on this machine, or null. */
export function packProblem(manifest: PackManifest, machine: Machine): string | null {
  if (manifest.os !== machine.os || manifest.arch !== machine.arch) {
    const wanted = `${machine.os}-${machine.arch}`;
    return (
      `This pack is for ${describeMachine(manifest)}; this machine is ${describeMachine(machine)}. ` +
      `Get the ${wanted} pack from the same place, or build one on this machine with scripts/build-runtime-pack.mjs.`
    );
  }
  const [major, minor] = manifest.python.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    return (
      `This pack's Python is ${manifest.python}; TwinForge's bridge needs Python ${MIN_PYTHON.join('.')} or newer. ` +
      'Use a pack built from python-runtime/environment.yml (Python 3.12).'
    );
  }
  return null;
}

/** Flavour preference when an index offers several packs for this machine. */
function preference(manifest: PackManifest): number {
  return manifest.flavour === 'full' ? 0 : manifest.flavour === 'core' ? 2 : 1;
}

/**
 * The one pack `from` means on this machine: the pack file it names, else the pack of the
 * given name, else the best one for this machine (the full flavour first).
 */
export async function resolvePack(
  from: string,
  options: { name?: string; machine: Machine; signal?: AbortSignal },
): Promise<ResolvedPack> {
  const { manifestAt, packs, packName } = await listPacks(from, options.signal);
  const where = describeLocation(manifestAt);
  const names = (list: ListedPack[]) =>
    list
      .map((p) => `${p.manifest.name} ${p.manifest.version} (${describeMachine(p.manifest)})`)
      .join(', ');
  let candidates = packs;
  if (packName) {
    candidates = packs.filter((p) => p.manifest.file === packName);
    if (candidates.length === 0) {
      throw new PackSourceError(
        `${where} does not describe ${packName} (it lists ${names(packs) || 'nothing'}): copy the manifest that came with this pack.`,
      );
    }
  }
  if (options.name) {
    candidates = candidates.filter((p) => p.manifest.name === options.name);
    if (candidates.length === 0) {
      throw new PackSourceError(
        `${where} has no pack named ${options.name} (it lists ${names(packs)}).`,
      );
    }
  }
  const fitting = candidates.filter((p) => packProblem(p.manifest, options.machine) === null);
  if (fitting.length === 0) {
    if (candidates.length === 1) {
      throw new PackSourceError(
        packProblem(candidates[0].manifest, options.machine) ?? 'unusable pack',
      );
    }
    throw new PackSourceError(
      `${where} lists ${names(candidates)}: none for this machine (${describeMachine(options.machine)}).`,
    );
  }
  const best = [...fitting].sort((a, b) => preference(a.manifest) - preference(b.manifest))[0];
  return { ...best, manifestAt };
}

/** A mirror setting (a folder URL, a .json URL or a path) as something `resolvePack` reads. */
export function mirrorSource(setting: string): string | null {
  const text = setting.trim();
  if (!text) return null;
  if (/^(https?|file):/i.test(text) || isAbsolute(text)) return text;
  return resolve(text);
}
