// Opens a `.tfrec` recording (written by `twinforge run --record` or saved from a run) in
// a viewer session's 3D view and timeline, without PyChrono. Every message is checked against the
// protocol (electron/common/stream-schema.ts, as the host checks a live run) before the
// view sees any: a bad header, a message that breaks the protocol or a file without a
// scene gives a clear error and leaves the view as it was; a cut-off tail (a run that
// crashed while writing) is ignored. Recordings of format 1 open too.
import { StreamError, type MetaMessage } from '../../../../electron/common/stream';
import { parseRecording } from '../../../../electron/common/stream-reader';
import type { ViewerSession } from './viewer-session';

export interface OpenedRecording {
  name: string;
  frames: number;
  duration: number;
  meta: MetaMessage | null;
}

export function openRecording(
  viewerSession: ViewerSession,
  bytes: Uint8Array,
  name: string,
): OpenedRecording {
  // Errors say why, not which file: callers name the file in their own message.
  const messages = parseRecording(bytes);
  if (!messages.some((m) => m.kind === 'json' && m.message.type === 'scene')) {
    throw new StreamError('it holds no scene, so it is not a recording of a run');
  }
  const runId = `recording:${name}`;
  viewerSession.begin(runId, 'recording');
  let meta: MetaMessage | null = null;
  for (const m of messages) {
    if (m.kind === 'frame') viewerSession.handleFrame(runId, m.frame);
    else if (m.message.type === 'meta') meta = m.message;
    else viewerSession.handleMessage(runId, m.message);
  }
  viewerSession.flushUi();
  viewerSession.seek(0);
  const frames = viewerSession.frames.frames;
  return {
    name,
    frames: frames.length,
    duration: frames.length ? frames[frames.length - 1].simTime - frames[0].simTime : 0,
    meta,
  };
}

/** Reads a dropped or picked file and opens it; resolves with what was opened. */
export async function openRecordingFile(
  viewerSession: ViewerSession,
  file: File,
): Promise<OpenedRecording> {
  try {
    return openRecording(viewerSession, new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${file.name} could not be opened: ${reason}`);
  }
}
