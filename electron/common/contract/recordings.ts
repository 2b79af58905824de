// The recordings section: every run started with a project id is recorded into that
// project's runs/ folder (a `.tfrec` per run, indexed in project.json); these methods list
// them, hand one to the caller, and export one (or any .tfrec on the host) as .tfrec, the
// trajectory CSV or MCAP for Foxglove and Lichtblick. Bytes reach the caller as
// `recordings.bytes` events (binary over serve's WebSocket, never base64): the caller picks
// a `transferId`, listens, then calls; the result says how many bytes to expect.
import { z } from 'zod';
import type { RunEntry } from './projects';

const id = z.string().min(1).max(100);
const path = z.string().min(1).max(4096);

export const EXPORT_FORMATS = ['tfrec', 'csv', 'mcap'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const recordingsMethods = {
  /** The project's runs index, with each recording's size and whether it is still going. */
  'recordings.list': z.object({ projectId: id }),
  /** A recording's bytes, sent as `recordings.bytes` events tagged `transferId`. */
  'recordings.read': z.object({ projectId: id, runId: id, transferId: id }),
  /**
   * Exports a run of a project (`projectId` + `runId`) or a .tfrec on the host (`path`): to
   * the host file `out`, or as `recordings.bytes` events tagged `transferId` (a download).
   */
  'recordings.export': z
    .object({
      projectId: id.optional(),
      runId: id.optional(),
      path: path.optional(),
      format: z.enum(EXPORT_FORMATS),
      out: path.optional(),
      transferId: id.optional(),
    })
    .refine(
      (p) => (p.path === undefined) !== (p.projectId === undefined || p.runId === undefined),
      'give either projectId and runId, or path',
    )
    .refine(
      (p) => (p.out === undefined) !== (p.transferId === undefined),
      'give either out or transferId',
    ),
};

/** One run of the runs index as the Runs list shows it. */
export interface RecordingListing extends RunEntry {
  /** The recording's size on disk, or null when its file is gone. */
  bytes: number | null;
  /** Still being recorded (the run goes on). */
  active: boolean;
  /** The recording stopped at the per-recording cap before the run ended. */
  truncated: boolean;
}

export interface ExportResult {
  format: ExportFormat;
  /** A file name for the export (`<run>.mcap`...). */
  name: string;
  bytes: number;
  /** Where it was written (`out`), or null when it went as `recordings.bytes` events. */
  path: string | null;
  sampleFrames: number;
  /** MCAP only: messages per topic, and the shapes Foxglove cannot draw (also in its metadata). */
  mcap: {
    transforms: number;
    sceneUpdates: number;
    notDrawn: { shape: string; type: string; reason: string }[];
  } | null;
}

export interface RecordingsResults {
  'recordings.list': { runs: RecordingListing[] };
  'recordings.read': { name: string; bytes: number };
  'recordings.export': ExportResult;
}

export interface RecordingsEvents {
  /** A piece of a transfer, in order; `total` is the whole transfer's size. */
  'recordings.bytes': { transferId: string; offset: number; total: number; data: Uint8Array };
  /** The runs index of a project this owner records into changed (a run began or ended,
   *  old recordings were removed to stay under the project's bound). */
  'recordings.changed': { projectId: string };
}
