// Records every run started with a project id into that project: `runs/<runId>.tfrec`,
// written as the run goes (from the host's own runtime events), and an entry of the
// project's runs index, added when the run begins (summary null: a host that dies mid-run
// leaves an entry saying so) and completed with the run's summary when it ends. Bounded
// twice: a recording stops at `recordingCapMiB` (the run goes on; a log line says so), and
// once a run ends the project's oldest recordings are removed until they fit in
// `recordingsMiB` (never one still being recorded, never the run just ended).
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostEvents, Settings } from '../../common/contract';
import type { RunEntry, RunOutcome } from '../../common/contract/projects';
import type { RunSummary } from '../../common/contract/runtime';
import { decodeFrame, type JsonMessage } from '../../common/stream';
import type { EventBus } from '../events';
import { SerialQueue } from '../files/serial-queue';
import { recordingKeeps, writeFrame } from './recording-format';
import { RecordingWriter } from './recording-writer';

const MIB = 1024 * 1024;
/** Framing of one message on the pipe and in a recording: u32 length + u8 kind. */
const FRAMING_BYTES = 5;

/** What the recorder needs of the projects service. */
export interface RecorderProjects {
  runsFolder(projectId: string): Promise<string>;
  recordRun(projectId: string, entry: RunEntry): Promise<void>;
  runs(projectId: string): Promise<RunEntry[]>;
  removeRuns(projectId: string, runIds: string[]): Promise<void>;
}

export interface RunRecorderOptions {
  bus: EventBus;
  settings: { get(): Promise<Settings> };
  projects: RecorderProjects;
  /** TwinForge's version, written in each recording's meta message. */
  twinforge: string;
}

/** A run to record, as the runtime service starts it. */
export interface RecordedRun {
  runId: string;
  owner: string;
  lane: string;
  projectId: string;
  script: string;
  scriptPath: string | null;
  startedAt: string;
  /** Resolves with the final summary once the run is over. */
  done: Promise<RunSummary>;
}

type Write = (writer: RecordingWriter) => void;

interface Recording {
  run: RecordedRun;
  writer: RecordingWriter | null;
  /** What arrived before the file was open, with its size in the recording. */
  pending: Array<{ size: number; write: Write }>;
  bytes: number;
  capBytes: number;
  /** No more is written: the cap was reached, or the file could not be made. */
  stopped: boolean;
  truncated: boolean;
  path: string | null;
  closed: Promise<void>;
}

export class RunRecorder {
  private readonly recordings = new Map<string, Recording>();
  /** Absolute paths of the recordings being written (two openings may share a project). */
  private readonly writing = new Set<string>();
  private readonly queue = new SerialQueue();
  private readonly finished = new Set<Promise<void>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: RunRecorderOptions) {
    this.unsubscribe = options.bus.subscribe((name, payload) => this.onEvent(name, payload));
  }

  /**
   * Starts recording `run`; call it before any of the run's messages can arrive. Resolves
   * once the recording is closed and indexed (or given up).
   */
  record(run: RecordedRun): Promise<void> {
    const recording: Recording = {
      run,
      writer: null,
      pending: [],
      bytes: 0,
      capBytes: Infinity,
      stopped: false,
      truncated: false,
      path: null,
      closed: Promise.resolve(),
    };
    this.recordings.set(run.runId, recording);
    const task = this.follow(recording).finally(() => {
      this.recordings.delete(run.runId);
      this.finished.delete(task);
    });
    this.finished.add(task);
    return task;
  }

  /** Whether a recording at this path is being written now. */
  isRecording(path: string): boolean {
    return this.writing.has(path);
  }

  /** Resolves once every recording begun so far is closed and indexed. */
  async idle(): Promise<void> {
    await Promise.all([...this.finished]);
  }

  async dispose(): Promise<void> {
    this.unsubscribe();
    await this.idle();
  }

  private async follow(recording: Recording): Promise<void> {
    const { run } = recording;
    const file = `${run.runId}.tfrec`;
    let folder: string | null = null;
    try {
      const settings = await this.options.settings.get();
      recording.capBytes = settings.recordingCapMiB * MIB;
      folder = await this.options.projects.runsFolder(run.projectId);
      const path = join(folder, file);
      const writer = new RecordingWriter(path, {
        script: run.script,
        scriptPath: run.scriptPath,
        twinforge: this.options.twinforge,
      });
      recording.path = path;
      this.writing.add(path);
      recording.writer = writer;
      const pending = recording.pending;
      recording.pending = [];
      for (const { size, write } of pending) this.write(recording, size, write);
      await this.options.projects.recordRun(run.projectId, this.entry(recording, file, null));
      this.changed(run);
    } catch (err) {
      this.stop(recording, `The run is not recorded: ${(err as Error).message}`);
    }

    const summary = await run.done;
    if (!recording.path || folder === null) return;
    try {
      await this.closeWriter(recording);
      await this.options.projects.recordRun(
        run.projectId,
        this.entry(recording, file, outcomeOf(summary)),
      );
    } catch (err) {
      this.log(
        run,
        'warning',
        `The run's recording could not be completed: ${(err as Error).message}`,
      );
    } finally {
      this.writing.delete(recording.path);
    }
    await this.queue
      .run(folder, () => this.prune(run, folder as string))
      .catch((err: Error) =>
        this.log(run, 'warning', `Old recordings could not be removed: ${err.message}`),
      );
    this.changed(run);
  }

  private onEvent<E extends keyof HostEvents>(name: E, payload: HostEvents[E]): void {
    if (name === 'runtime.message') {
      const { runId, message } = payload as HostEvents['runtime.message'];
      const recording = this.recordings.get(runId);
      if (recording) this.message(recording, message);
    } else if (name === 'runtime.frame') {
      const { runId, data } = payload as HostEvents['runtime.frame'];
      const recording = this.recordings.get(runId);
      if (recording) this.frame(recording, data);
    }
  }

  private message(recording: Recording, message: JsonMessage): void {
    if (recording.stopped) return;
    const size = Buffer.byteLength(JSON.stringify(message)) + FRAMING_BYTES;
    this.write(recording, size, (writer) => writer.message(message));
  }

  private frame(recording: Recording, data: Uint8Array): void {
    if (recording.stopped) return;
    const frame = decodeFrame(data);
    // Display frames cost nothing: the recording keeps sample frames (see recording-format).
    if (!recordingKeeps(frame)) return;
    this.write(recording, data.byteLength + FRAMING_BYTES, (writer) =>
      writeFrame(writer, data, frame),
    );
  }

  /** Writes now, or once the file is open; never past the cap. */
  private write(recording: Recording, size: number, write: Write): void {
    if (recording.stopped) return;
    if (!recording.writer) {
      recording.pending.push({ size, write });
      return;
    }
    if (this.fits(recording, size)) write(recording.writer);
  }

  /** Counts `size` bytes in; false (and the recording stops) when they would pass the cap. */
  private fits(recording: Recording, size: number): boolean {
    if (recording.bytes + size <= recording.capBytes) {
      recording.bytes += size;
      return true;
    }
    recording.truncated = true;
    const mib = Math.round(recording.capBytes / MIB);
    this.stop(
      recording,
      `The recording of this run stopped at ${mib} MiB, the most one recording may take (setting recordingCapMiB); the run goes on.`,
    );
    void this.closeWriter(recording).catch(() => undefined);
    return false;
  }

  private stop(recording: Recording, why: string): void {
    if (recording.stopped) return;
    recording.stopped = true;
    recording.pending = [];
    this.log(recording.run, 'warning', why);
  }

  /** Closes the file once, however many ask (the cap, the end of the run). */
  private closeWriter(recording: Recording): Promise<void> {
    const writer = recording.writer;
    recording.writer = null;
    if (writer) recording.closed = writer.close();
    return recording.closed;
  }

  /** Removes the project's oldest recordings until they fit in the setting's bound. */
  private async prune(run: RecordedRun, folder: string): Promise<void> {
    const { recordingsMiB } = await this.options.settings.get();
    const bound = recordingsMiB * MIB;
    const entries = await this.options.projects.runs(run.projectId);
    const sized = await Promise.all(
      entries.map(async (entry) => ({
        entry,
        path: join(folder, entry.file),
        bytes: (await stat(join(folder, entry.file)).catch(() => null))?.size ?? 0,
      })),
    );
    let total = sized.reduce((sum, s) => sum + s.bytes, 0);
    const removable = sized
      .filter((s) => s.entry.runId !== run.runId && !this.writing.has(s.path))
      .sort((a, b) => a.entry.startedAt.localeCompare(b.entry.startedAt));
    const removed: string[] = [];
    for (const candidate of removable) {
      if (total <= bound) break;
      await unlink(candidate.path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      total -= candidate.bytes;
      removed.push(candidate.entry.runId);
    }
    if (removed.length > 0) await this.options.projects.removeRuns(run.projectId, removed);
  }

  private entry(recording: Recording, file: string, summary: RunOutcome | null): RunEntry {
    const { run } = recording;
    return {
      runId: run.runId,
      lane: run.lane,
      file,
      startedAt: run.startedAt,
      summary,
      ...(recording.truncated ? { truncated: true } : {}),
    };
  }

  private changed(run: RecordedRun): void {
    this.options.bus.emit('recordings.changed', { projectId: run.projectId }, run.owner);
  }

  /** A line in the run's console (a log message of the run, as the bridge's are). */
  private log(run: RecordedRun, level: 'info' | 'warning', message: string): void {
    this.options.bus.emit(
      'runtime.message',
      { runId: run.runId, message: { type: 'log', level, message } },
      run.owner,
    );
  }
}

/** What the runs index keeps of a run's summary. */
export function outcomeOf(summary: RunSummary): RunOutcome {
  return {
    status: summary.status,
    reason: summary.reason,
    simTime: summary.simTime,
    wallTime: summary.wallTime,
    bodies: summary.bodies,
    error: summary.error ? `${summary.error.errorType}: ${summary.error.message}` : null,
  };
}
