// The projects section: a twin is a folder a user can read with any tool,
//   NAME.twinforge/  twin.py (the script)  reference.py (optional)  project.json  runs/
// and the host opens, saves and recovers it. `projectFileSchema` is project.json;
// `projectSnapshotSchema` is what the renderer sends to save; crash backups live apart from
// the user's files, in the user-data folder.
import { z } from 'zod';

const id = z.string().min(1).max(100);
const SCRIPT_MAX = 2_000_000;
const PATH_MAX = 4096;
const path = z.string().min(1).max(PATH_MAX);

/** What a run ended as, kept with a version and in the runs index. */
export const runOutcomeSchema = z.object({
  status: z.string().max(40),
  reason: z.string().max(2000).default(''),
  simTime: z.number(),
  wallTime: z.number(),
  bodies: z.number().int().nullable().default(null),
  /** The error's message when the run failed. */
  error: z.string().max(20_000).nullable().default(null),
});
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

export const versionSchema = z.object({
  id,
  createdAt: z.string(),
  /** What made this version: the user's prompt, a repair, a restore, or the user's edit. */
  origin: z.enum(['chat', 'repair', 'restore', 'manual', 'initial']),
  prompt: z.string(),
  model: z.string().nullable(),
  answer: z.string().nullable(),
  code: z.string(),
  /** The last run of this version's code, when it ran. */
  run: runOutcomeSchema.nullable().optional(),
});
export type TwinVersion = z.infer<typeof versionSchema>;

export const conversationMessageSchema = z.object({
  id,
  role: z.enum(['user', 'assistant', 'notice']),
  content: z.string(),
  thinking: z.string().optional(),
  model: z.string().nullable().optional(),
  createdAt: z.string(),
  /** For an assistant message: the version its code became, once accepted. */
  versionId: z.string().nullable().optional(),
  /** For an assistant message: what happened to the answer. */
  state: z.enum(['complete', 'stopped', 'cut', 'error']).optional(),
  /** What the user should know about the answer (cut, no script, an error), or absent. */
  notice: z.string().optional(),
  /** The kind of error, so the UI can offer the way out (pull a missing model...). */
  errorKind: z.string().optional(),
  /** For a repair: the attempt it belongs to. */
  repairAttempt: z.number().int().optional(),
  /** For an assistant message: what its request was grounded in, in a sentence. */
  grounding: z.string().optional(),
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

/** The twin's own run settings; an absent one means the global setting of the same name. */
export const projectSettingsSchema = z.object({
  runSimTime: z.number().positive().optional(),
  runWallTime: z.number().positive().optional(),
  sampleDt: z.number().positive().optional(),
});
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

/** Where the reference script came from, for the review. */
export const referenceSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path }),
  z.object({
    kind: z.literal('simbench'),
    task: z.string().min(1).max(500),
    turn: z.number().int().min(1),
  }),
]);
export type ReferenceSource = z.infer<typeof referenceSourceSchema>;

/** A path inside runs/, with no way out of it. */
const runFile = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (f) => /^[\w. -]+(\/[\w. -]+)*$/.test(f) && !f.split('/').some((p) => p === '..' || p === '.'),
    'must be a relative path inside runs/',
  );

/** One recording of the project, in runs/ (the recording format is the runtime's). */
export const runEntrySchema = z.object({
  runId: id,
  lane: z.string().min(1).max(40),
  file: runFile,
  startedAt: z.string(),
  summary: runOutcomeSchema.nullable(),
  /** The recording stopped at the per-recording cap (setting recordingCapMiB) before the run ended. */
  truncated: z.boolean().optional(),
});
export type RunEntry = z.infer<typeof runEntrySchema>;

/** Who saved: enough to tell the user "saved by a browser on lab-ws1 at 10:22". */
export const savedBySchema = z.object({
  /** A sentence fragment for people: "a browser (twinforge serve on lab-ws1)". */
  label: z.string().max(300),
  owner: z.string().max(200),
  hostname: z.string().max(300),
  pid: z.number().int(),
});
export type SavedBy = z.infer<typeof savedBySchema>;

export const PROJECT_FORMAT = 1;

/** project.json. */
export const projectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  name: z.string().max(300),
  createdAt: z.string(),
  savedAt: z.string().nullable(),
  savedBy: savedBySchema.nullable(),
  currentVersionId: z.string().nullable(),
  versions: z.array(versionSchema),
  conversation: z.array(conversationMessageSchema),
  settings: projectSettingsSchema,
  referenceSource: referenceSourceSchema.nullable(),
  runs: z.array(runEntrySchema),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;

/**
 * What the renderer sends to save: each field it carries replaces the project's; a field
 * left out keeps what the project holds (so a caller that knows nothing of the reference
 * never deletes it). `reference: null` removes reference.py.
 */
export const projectSnapshotSchema = z.object({
  script: z.string().max(SCRIPT_MAX).optional(),
  reference: z.string().max(SCRIPT_MAX).nullable().optional(),
  versions: z.array(versionSchema).max(10_000).optional(),
  currentVersionId: z.string().max(100).nullable().optional(),
  conversation: z.array(conversationMessageSchema).max(50_000).optional(),
  settings: projectSettingsSchema.optional(),
  referenceSource: referenceSourceSchema.nullable().optional(),
});
export type ProjectSnapshot = z.infer<typeof projectSnapshotSchema>;

/** A project's whole state, as opened. Runs are the host's (the recorder adds them). */
export interface ProjectState {
  script: string;
  reference: string | null;
  versions: TwinVersion[];
  currentVersionId: string | null;
  conversation: ConversationMessage[];
  settings: ProjectSettings;
  referenceSource: ReferenceSource | null;
  runs: RunEntry[];
}

/**
 * `project`: a NAME.twinforge folder of the user's. `untitled`: new, kept in the user-data
 * folder until saved as a project. `script`: a plain .py opened on its own; its versions and
 * conversation are kept in the user-data folder (per script path) until saved as a project.
 */
export type ProjectKind = 'project' | 'untitled' | 'script';

export interface ProjectInfo {
  /** The handle of this opening; every other call names it. Valid while the host runs. */
  projectId: string;
  name: string;
  kind: ProjectKind;
  /** The .twinforge folder (kinds `project` and `untitled`: `projects.open` takes it, an
   *  untitled one once it has been saved), or null for a script. */
  path: string | null;
  /** The .py file (kind `script`), or null. */
  scriptPath: string | null;
  savedAt: string | null;
  savedBy: SavedBy | null;
}

/** Someone else who has the project open: another window, browser or process. */
export interface OpenElsewhere {
  /** "another browser", "another TwinForge window", "TwinForge (pid 4242 on lab-ws1)". */
  by: string;
  since: string;
}

export interface OpenedProject {
  project: ProjectInfo;
  /** The revision the state was read at: pass it as the next save's `baseRevision`. */
  revision: string;
  state: ProjectState;
  /** What could not be read (a bad version, an unreadable project.json), and where the
   *  original was kept; shown once. */
  problems: string[];
  openElsewhere: OpenElsewhere[];
  /** True for a plain script or an untitled project: offer "Save as a project". */
  offerSaveAsProject: boolean;
}

export interface SaveConflict {
  /** The revision on disk now. */
  revision: string;
  savedAt: string | null;
  savedBy: SavedBy | null;
  /** "Saved by a browser (twinforge serve on lab-ws1) at 2026-11-25T10:22:03Z" or similar. */
  message: string;
}

export type SaveResult =
  | { status: 'saved'; revision: string; project: ProjectInfo }
  /** Someone else wrote the project since `baseRevision`: nothing was written. Offer to
   *  overwrite (save again with `overwrite: true`), reload (`projects.load`) or save as. */
  | { status: 'conflict'; conflict: SaveConflict };

export type SaveAsResult =
  | { status: 'saved'; revision: string; project: ProjectInfo }
  /** A project already lives there: nothing was written; ask, then pass `overwrite`. */
  | { status: 'exists'; path: string; message: string };

export interface RecentProject {
  name: string;
  kind: ProjectKind;
  /** What to pass to `projects.open`: the folder, or the script. */
  path: string;
  openedAt: string;
}

export interface BrowseEntry {
  name: string;
  path: string;
  kind: 'folder' | 'project' | 'script';
  modifiedAt: string;
}

export interface BrowseListing {
  /** Where browsing starts (the first projects root). */
  root: string;
  /** The folders a browser may open and save in (serve's projects roots); empty: anywhere. */
  roots: string[];
  dir: string;
  /** The folder above, or null at the root. */
  parent: string | null;
  entries: BrowseEntry[];
  /** True when the folder held more entries than were listed. */
  truncated: boolean;
}

/** A crash backup as offered back: who left it, when, for which project, what it starts with. */
export interface BackupInfo {
  id: string;
  key: string;
  savedAt: string;
  project: { name: string; kind: ProjectKind; path: string | null } | null;
  preview: string;
  bytes: number;
}

const backupKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:@/-]+$/, 'letters, digits and . : @ / - _ only');

export const projectsMethods = {
  /** A new project in the user-data folder, this caller's own, until saved as a project. */
  'projects.new': z.object({
    name: z.string().min(1).max(200).optional(),
    script: z.string().max(SCRIPT_MAX).optional(),
  }),
  /** A NAME.twinforge folder, or a plain .py (opened as a `script` project). */
  'projects.open': z.object({ path }),
  /** Reads the project again from disk (after a conflict, or another window's save). */
  'projects.load': z.object({ projectId: id }),
  'projects.save': z.object({
    projectId: id,
    snapshot: projectSnapshotSchema,
    /** The revision the snapshot is based on (from open, load or the last save). */
    baseRevision: z.string().min(1).max(200),
    /** Write even though someone else saved since `baseRevision`. */
    overwrite: z.boolean().default(false),
  }),
  /** Writes the project to a new NAME.twinforge folder (".twinforge" is added if missing);
   *  this opening then refers to it. */
  'projects.saveAs': z.object({
    projectId: id,
    path,
    snapshot: projectSnapshotSchema,
    overwrite: z.boolean().default(false),
  }),
  /** This caller is done with the project. `discard` also deletes an untitled project (or
   *  a script's kept conversation); an untitled project never saved is deleted anyway. */
  'projects.close': z.object({ projectId: id, discard: z.boolean().default(false) }),
  'projects.recent': z.object({}),
  /** Folders, projects and scripts under the projects root, for an in-app open dialog. */
  'projects.browse': z.object({ dir: path.optional() }),

  /** Keeps `data` (JSON) in the user-data folder at once, durably, for this caller and key. */
  'backups.put': z.object({
    key: backupKey,
    projectId: id.optional(),
    data: z.unknown(),
    preview: z.string().max(500).optional(),
  }),
  /** Backups left by sessions that have ended (a crash, a closed tab), newest first. */
  'backups.list': z.object({}),
  /** Hands a left backup to this caller (its data), who then owns it under the same key. */
  'backups.take': z.object({ id: z.string().min(1).max(100) }),
  /** Deletes one of this caller's backups (by key) or a left one (by id). */
  'backups.discard': z
    .object({ key: backupKey.optional(), id: z.string().min(1).max(100).optional() })
    .refine((p) => (p.key === undefined) !== (p.id === undefined), 'give either key or id'),
};

export interface ProjectsResults {
  'projects.new': OpenedProject;
  'projects.open': OpenedProject;
  'projects.load': OpenedProject;
  'projects.save': SaveResult;
  'projects.saveAs': SaveAsResult;
  'projects.close': { ok: boolean };
  'projects.recent': { projects: RecentProject[] };
  'projects.browse': BrowseListing;
  'backups.put': { id: string; savedAt: string };
  'backups.list': { backups: BackupInfo[] };
  'backups.take': { backup: BackupInfo; data: unknown };
  'backups.discard': { ok: boolean };
}

export interface ProjectsEvents {
  /** Someone else saved a project this owner has open (its own `projectId`). */
  'projects.changed': { projectId: string; revision: string; savedAt: string; savedBy: SavedBy };
}
