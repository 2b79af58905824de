// The recordings methods: a project's runs index with sizes, one recording's bytes, and
// exports of a project's run or of a .tfrec on the host (to a host file, or as bytes for a
// download). Paths callers name are confined like the projects' (serve: the projects root).
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Caller, ParsedParams, Result } from '../../common/contract';
import type { RunEntry } from '../../common/contract/projects';
import type { RecordingListing } from '../../common/contract/recordings';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import { sendBytes } from './byte-transfer';
import {
  EXPORT_EXTENSIONS,
  exportRecordingToBytes,
  exportRecordingToFile,
  type ExportOutcome,
} from './recording-export';
import type { RecorderProjects } from './run-recorder';

/** What the service needs of the projects service. */
export interface RecordingsProjects extends Pick<RecorderProjects, 'runsFolder' | 'runs'> {
  describe(projectId: string): { name: string } | null;
  confine(path: string): Promise<string>;
}

export interface RecordingsServiceOptions {
  bus: EventBus;
  projects: RecordingsProjects;
  /** Whether a recording at this path is still being written. */
  isRecording(path: string): boolean;
  twinforge: string;
}

type RecordingsMethod = 'recordings.list' | 'recordings.read' | 'recordings.export';

export class RecordingsService {
  constructor(private readonly options: RecordingsServiceOptions) {}

  handlers(): Handlers<RecordingsMethod> {
    return {
      'recordings.list': ({ projectId }) => this.list(projectId),
      'recordings.read': (params, caller) => this.read(params, caller),
      'recordings.export': (params, caller) => this.export(params, caller),
    };
  }

  /** The runs index, newest first, with each recording's size. */
  async list(projectId: string): Promise<Result<'recordings.list'>> {
    const { projects } = this.options;
    const folder = await projects.runsFolder(projectId);
    const entries = await projects.runs(projectId);
    const runs: RecordingListing[] = await Promise.all(
      entries.map(async (entry) => {
        const path = join(folder, entry.file);
        const info = await stat(path).catch(() => null);
        return {
          ...entry,
          bytes: info?.size ?? null,
          active: this.options.isRecording(path),
          truncated: entry.truncated ?? false,
        };
      }),
    );
    runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { runs };
  }

  async read(
    params: ParsedParams<'recordings.read'>,
    caller: Caller,
  ): Promise<Result<'recordings.read'>> {
    const { entry, path } = await this.findRun(params.projectId, params.runId);
    const bytes = await readRecordingFile(path);
    sendBytes(this.options.bus, caller.owner, params.transferId, bytes);
    return { name: this.runName(params.projectId, entry, '.tfrec'), bytes: bytes.byteLength };
  }

  async export(
    params: ParsedParams<'recordings.export'>,
    caller: Caller,
  ): Promise<Result<'recordings.export'>> {
    const ext = EXPORT_EXTENSIONS[params.format];
    let source: string;
    let name: string;
    if (params.path !== undefined) {
      source = await this.options.projects.confine(params.path);
      name = `${basename(source, extname(source))}${ext}`;
    } else {
      const found = await this.findRun(params.projectId as string, params.runId as string);
      source = found.path;
      name = this.runName(params.projectId as string, found.entry, ext);
    }
    const recording = await readRecordingFile(source);
    const info = { twinforge: this.options.twinforge };
    const label = basename(source);
    let outcome: ExportOutcome;
    let path: string | null = null;
    if (params.out !== undefined) {
      path = await this.options.projects.confine(params.out);
      outcome = await exportRecordingToFile(recording, label, params.format, path, info);
    } else {
      const exported = await exportRecordingToBytes(recording, label, params.format, info);
      outcome = exported.outcome;
      sendBytes(this.options.bus, caller.owner, params.transferId as string, exported.bytes);
    }
    return {
      format: outcome.format,
      name,
      bytes: outcome.bytes,
      path,
      sampleFrames: outcome.sampleFrames,
      mcap: outcome.mcap,
    };
  }

  private async findRun(
    projectId: string,
    runId: string,
  ): Promise<{ entry: RunEntry; path: string }> {
    const { projects } = this.options;
    const entry = (await projects.runs(projectId)).find((r) => r.runId === runId);
    if (!entry) throw new Error(`The project has no recording of run ${runId}`);
    return { entry, path: join(await projects.runsFolder(projectId), entry.file) };
  }

  /** `pendulum-twin-2026-11-25_10-22-03.mcap`: the project, the lane, when it started. */
  private runName(projectId: string, entry: RunEntry, ext: string): string {
    const project = this.options.projects.describe(projectId)?.name ?? 'run';
    const stamp = entry.startedAt.slice(0, 19).replace('T', '_').replace(/:/g, '-');
    return `${safeName(project)}-${entry.lane}-${stamp}${ext}`;
  }
}

async function readRecordingFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`The recording ${path} is gone`);
    throw new Error(`The recording ${path} could not be read: ${(err as Error).message}`);
  }
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'run';
}
