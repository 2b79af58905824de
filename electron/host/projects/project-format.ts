// The project folder on disk: NAME.twinforge/ with twin.py, reference.py (optional),
// project.json and runs/. Reading is forgiving (a bad version or message is left out, the
// rest is kept, and the file as it was is copied aside); writing goes through the atomic
// writer, project.json last, so the script is never older than the versions that name it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  PROJECT_FORMAT,
  conversationMessageSchema,
  projectSettingsSchema,
  referenceSourceSchema,
  runEntrySchema,
  savedBySchema,
  versionSchema,
  type ProjectFile,
  type ProjectSettings,
} from '../../common/contract/projects';
import { keepCopyAside, removeFileAtomic, writeFileAtomic } from '../files/atomic-write';

export const PROJECT_EXTENSION = '.twinforge';
export const SCRIPT_FILE = 'twin.py';
export const REFERENCE_FILE = 'reference.py';
export const PROJECT_FILE = 'project.json';
export const RUNS_DIR = 'runs';

/** Larger than any script the contract accepts. */
const MAX_SCRIPT_BYTES = 5_000_000;
/** project.json holds every version's code and the whole conversation, but not this much. */
const MAX_PROJECT_FILE_BYTES = 200_000_000;

export interface ProjectOnDisk {
  doc: ProjectFile;
  script: string;
  reference: string | null;
  revision: string;
  /** Whether project.json exists (false: a new project, or a folder someone emptied). */
  exists: boolean;
  problems: string[];
}

export function emptyProjectFile(name: string, now: string): ProjectFile {
  return {
    format: PROJECT_FORMAT,
    name,
    createdAt: now,
    savedAt: null,
    savedBy: null,
    currentVersionId: null,
    versions: [],
    conversation: [],
    settings: {},
    referenceSource: null,
    runs: [],
  };
}

/**
 * What a save is based on: the script, the reference and project.json as parsed, without
 * the runs index (the recorder adds runs while people edit; that is no conflict).
 * Whitespace-only edits of project.json do not change it.
 */
export function revisionOf(
  script: Uint8Array | null,
  reference: Uint8Array | null,
  projectText: string | null,
): string {
  const hash = createHash('sha256');
  const part = (label: string, bytes: Uint8Array | string | null) => {
    hash.update(`${label}:`);
    hash.update(bytes === null ? '\u0000missing' : `${Buffer.byteLength(bytes)}:`);
    if (bytes !== null) hash.update(bytes);
  };
  part(SCRIPT_FILE, script);
  part(REFERENCE_FILE, reference);
  let canonical = projectText;
  if (projectText !== null) {
    try {
      const raw: unknown = JSON.parse(projectText);
      if (isRecord(raw)) delete raw.runs;
      canonical = JSON.stringify(raw);
    } catch {
      // Unreadable: the bytes themselves are the revision.
    }
  }
  part(PROJECT_FILE, canonical);
  return hash.digest('hex').slice(0, 32);
}

/** Reads a project folder; missing files give an empty project, never an error. */
export async function readProject(
  folder: string,
  fallbackName: string,
  now = new Date(),
): Promise<ProjectOnDisk> {
  const problems: string[] = [];
  const scriptBytes = await readOptional(join(folder, SCRIPT_FILE), MAX_SCRIPT_BYTES);
  const referenceBytes = await readOptional(join(folder, REFERENCE_FILE), MAX_SCRIPT_BYTES);
  const projectBytes = await readOptional(join(folder, PROJECT_FILE), MAX_PROJECT_FILE_BYTES);
  const projectText = projectBytes === null ? null : Buffer.from(projectBytes).toString('utf8');

  let doc = emptyProjectFile(fallbackName, now.toISOString());
  if (projectText !== null) {
    let raw: unknown;
    try {
      raw = JSON.parse(projectText);
    } catch {
      raw = undefined;
    }
    const parsed = parseProjectFile(raw, fallbackName, now.toISOString());
    doc = parsed.doc;
    if (parsed.problems.length > 0) {
      const kept = await keepCopyAside(join(folder, PROJECT_FILE), now);
      problems.push(...parsed.problems);
      if (kept) problems.push(`project.json as it was is kept as ${kept}.`);
    }
  }

  const script = await decodeText(folder, SCRIPT_FILE, scriptBytes, problems, now);
  const reference = await decodeText(folder, REFERENCE_FILE, referenceBytes, problems, now);
  return {
    doc,
    // A folder without twin.py (made by hand, or emptied) opens on its current version.
    script: script ?? doc.versions.find((v) => v.id === doc.currentVersionId)?.code ?? '',
    reference,
    revision: revisionOf(scriptBytes, referenceBytes, projectText),
    exists: projectText !== null,
    problems,
  };
}

/** Writes the project; returns its new revision. */
export async function writeProject(
  folder: string,
  doc: ProjectFile,
  script: string,
  reference: string | null,
): Promise<string> {
  await mkdir(join(folder, RUNS_DIR), { recursive: true });
  const referencePath = join(folder, REFERENCE_FILE);
  if (reference === null) await removeFileAtomic(referencePath);
  else await writeFileAtomic(referencePath, reference);
  await writeFileAtomic(join(folder, SCRIPT_FILE), script);
  const projectText = await writeProjectFile(folder, doc);
  return revisionOf(
    Buffer.from(script, 'utf8'),
    reference === null ? null : Buffer.from(reference, 'utf8'),
    projectText,
  );
}

/** Writes project.json alone (the runs index changed); returns the text written. */
export async function writeProjectFile(folder: string, doc: ProjectFile): Promise<string> {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  await writeFileAtomic(join(folder, PROJECT_FILE), text);
  return text;
}

/**
 * Reads project.json field by field: what is valid is kept, what is not is left out and
 * said, so one bad version does not cost the others.
 */
export function parseProjectFile(
  raw: unknown,
  fallbackName: string,
  now: string,
): { doc: ProjectFile; problems: string[] } {
  const doc = emptyProjectFile(fallbackName, now);
  if (!isRecord(raw)) {
    return { doc, problems: ['project.json is not readable as a TwinForge project.'] };
  }
  const problems: string[] = [];
  if (raw.format !== PROJECT_FORMAT) {
    problems.push(
      `project.json says format ${JSON.stringify(raw.format)}; this TwinForge reads format ${PROJECT_FORMAT}, so what it does not know is left out.`,
    );
  }
  if (typeof raw.name === 'string' && raw.name.trim()) doc.name = raw.name.slice(0, 300);
  if (typeof raw.createdAt === 'string') doc.createdAt = raw.createdAt;
  if (typeof raw.savedAt === 'string') doc.savedAt = raw.savedAt;
  doc.savedBy = savedBySchema.safeParse(raw.savedBy).data ?? null;
  doc.versions = itemsOf(versionSchema, raw.versions, 'versions', problems);
  doc.conversation = itemsOf(conversationMessageSchema, raw.conversation, 'messages', problems);
  doc.runs = itemsOf(runEntrySchema, raw.runs, 'runs', problems);
  const current = raw.currentVersionId;
  doc.currentVersionId =
    typeof current === 'string' && doc.versions.some((v) => v.id === current)
      ? current
      : (doc.versions.at(-1)?.id ?? null);
  doc.settings = settingsOf(raw.settings, problems);
  if (raw.referenceSource !== undefined && raw.referenceSource !== null) {
    const source = referenceSourceSchema.safeParse(raw.referenceSource);
    if (source.success) doc.referenceSource = source.data;
    else problems.push('The reference source in project.json is not valid and was left out.');
  }
  return { doc, problems };
}

function itemsOf<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  label: string,
  problems: string[],
): z.output<S>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`The ${label} in project.json are not a list and were left out.`);
    return [];
  }
  const items: z.output<S>[] = [];
  let bad = 0;
  for (const item of value) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else bad += 1;
  }
  if (bad > 0) {
    problems.push(
      `${bad} of the ${value.length} ${label} in project.json could not be read and were left out.`,
    );
  }
  return items;
}

function settingsOf(value: unknown, problems: string[]): ProjectSettings {
  if (!isRecord(value)) return {};
  const shape = projectSettingsSchema.shape;
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as (keyof ProjectSettings)[]) {
    if (value[key] === undefined) continue;
    const parsed = shape[key].safeParse(value[key]);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(`The project's setting ${key} is not valid; the global setting is used.`);
  }
  return settings as ProjectSettings;
}

async function readOptional(path: string, maxBytes: number): Promise<Uint8Array | null> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (size > maxBytes) {
    throw new Error(`${path} is ${(size / 1e6).toFixed(1)} MB, more than a project file can be`);
  }
  return readFile(path);
}

/** Text of a script; bytes that are not UTF-8 would be lost on the next save, so the file
 *  as it was is copied aside first. */
async function decodeText(
  folder: string,
  name: string,
  bytes: Uint8Array | null,
  problems: string[],
  now: Date,
): Promise<string | null> {
  if (bytes === null) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const kept = await keepCopyAside(join(folder, name), now);
    problems.push(
      `${name} is not UTF-8 text; it was read with replacement characters, and the file as it was is kept as ${kept}.`,
    );
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
