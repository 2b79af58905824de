// A `.tfrec` recording exported as another file: the recording itself (checked first), the
// trajectory CSV of `twinforge run --trajectory`, or MCAP for Foxglove and Lichtblick.
import type { IWritable } from '@mcap/core';
import type { ExportFormat } from '../../common/contract/recordings';
import type { StreamMessage } from '../../common/stream';
import { FileSink, MemorySink } from './byte-sinks';
import { parseRecording } from './recording-format';
import { writeMcap, yieldToEventLoop, type McapExportStats } from './mcap-export';
import { SceneTracker } from './scene-tracker';
import { TRAJECTORY_HEADER, TrajectoryTable } from './trajectory-csv';

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  tfrec: '.tfrec',
  csv: '.csv',
  mcap: '.mcap',
};

export interface ExportOutcome {
  format: ExportFormat;
  /** Bytes written. */
  bytes: number;
  /** Sample frames in the recording (CSV: each gives a row per body; MCAP: one /tf message). */
  sampleFrames: number;
  mcap: McapExportStats | null;
}

/** Reads a recording, saying what is wrong with one that is not. */
export function readRecording(bytes: Uint8Array, name: string): StreamMessage[] {
  let messages: StreamMessage[];
  try {
    messages = parseRecording(bytes);
  } catch (err) {
    throw new Error(`${name} is not a TwinForge recording: ${(err as Error).message}`);
  }
  if (!messages.some((m) => m.kind === 'json' && m.message.type === 'scene')) {
    throw new Error(`${name} holds no scene, so it is not a recording of a run`);
  }
  return messages;
}

/** Writes `recording` (the .tfrec bytes) in `format` to `sink`. */
export async function exportRecording(
  recording: Uint8Array,
  name: string,
  format: ExportFormat,
  sink: IWritable,
  info: { twinforge: string },
): Promise<ExportOutcome> {
  const messages = readRecording(recording, name);
  const sampleFrames = messages.filter((m) => m.kind === 'frame').length;
  let mcap: McapExportStats | null = null;
  if (format === 'tfrec') await sink.write(recording);
  else if (format === 'csv') await writeCsv(messages, sink);
  else mcap = await writeMcap(messages, sink, info);
  return { format, bytes: Number(sink.position()), sampleFrames, mcap };
}

/** Exports to a file (complete or not at all). */
export async function exportRecordingToFile(
  recording: Uint8Array,
  name: string,
  format: ExportFormat,
  out: string,
  info: { twinforge: string },
): Promise<ExportOutcome> {
  const sink = await FileSink.create(out);
  try {
    const outcome = await exportRecording(recording, name, format, sink, info);
    await sink.commit();
    return outcome;
  } catch (err) {
    await sink.abandon();
    throw err;
  }
}

/** Exports to memory, for a download. */
export async function exportRecordingToBytes(
  recording: Uint8Array,
  name: string,
  format: ExportFormat,
  info: { twinforge: string },
): Promise<{ outcome: ExportOutcome; bytes: Uint8Array }> {
  const sink = new MemorySink();
  const outcome = await exportRecording(recording, name, format, sink, info);
  return { outcome, bytes: sink.bytes() };
}

/** The trajectory table, written in pieces so a long run does not make one huge string. */
async function writeCsv(messages: StreamMessage[], sink: IWritable): Promise<void> {
  const encoder = new TextEncoder();
  const scene = new SceneTracker();
  const table = new TrajectoryTable(scene);
  let pending = `${TRAJECTORY_HEADER}\n`;
  for (const m of messages) {
    if (m.kind === 'json') {
      if (m.message.type === 'scene') scene.apply(m.message);
      continue;
    }
    pending += table.rows(m.frame);
    if (pending.length > 1 << 20) {
      await sink.write(encoder.encode(pending));
      pending = '';
      await yieldToEventLoop();
    }
  }
  if (pending) await sink.write(encoder.encode(pending));
}
