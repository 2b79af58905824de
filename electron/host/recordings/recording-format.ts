// The one place this folder meets the parts of the recording format that are changing
// (where the reader lives, what the writer's frame call takes, which frames a recording
// keeps), so that a change of format is a change of this file only.
import { FRAME_SAMPLE, parseRecording, type Frame } from '../../common/stream';
import type { RecordingWriter } from './recording-writer';

export { parseRecording };

/** Whether a recording keeps this frame (RecordingWriter keeps the sample frames). */
export function recordingKeeps(frame: Pick<Frame, 'flags' | 'extras'>): boolean {
  return (frame.flags & FRAME_SAMPLE) !== 0;
}

/** Hands a frame's payload, and the frame it decodes to, to the writer. */
export function writeFrame(writer: RecordingWriter, payload: Uint8Array, frame: Frame): void {
  writer.frame(payload, frame.flags);
}
