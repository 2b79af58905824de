// The one place this folder meets the parts of the recording format that may change
// (where the reader lives, what the writer's frame call takes, which frames a recording
// keeps), so that a change of format is a change of this file only.
import { EXTRA_GRID, EXTRA_HEIGHTS, FRAME_SAMPLE, type Frame } from '../../common/stream';
import { parseRecording } from '../../common/stream-reader';
import type { RecordingWriter } from './recording-writer';

export { parseRecording };

/** Whether a recording keeps this frame: the sample frames, and display frames that carry
 *  terrain heights (a recording replays the terrain from them). */
export function recordingKeeps(frame: Pick<Frame, 'flags' | 'extras'>): boolean {
  if (frame.flags & FRAME_SAMPLE) return true;
  return frame.extras.some((e) => e.kind === EXTRA_HEIGHTS || e.kind === EXTRA_GRID);
}

/** Hands a frame's payload, and the frame it decodes to, to the writer. */
export function writeFrame(writer: RecordingWriter, payload: Uint8Array, frame: Frame): void {
  writer.frame(payload, frame);
}
