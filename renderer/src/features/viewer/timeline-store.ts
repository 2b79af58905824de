// Timeline state of one viewer session. Slow-changing facts (frame count, live, playing,
// speed) live in one store that React reads with selectors; the cursor (frame index and
// time), which moves every frame during playback, lives in another that the slider, the
// plot cursor and the 3D view read by direct subscription, so no React render happens per
// frame. Each session (one per lane) makes its own pair.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DisplayMessage } from '../../../../electron/common/stream';

export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10] as const;

export interface TimelineState {
  /** Where the frames come from: a run streaming now, a finished run, or a recording file. */
  source: 'run' | 'recording' | null;
  /** The run id, or the recording's file name. */
  label: string | null;
  frameCount: number;
  startTime: number;
  endTime: number;
  /** The newest simulation time received (display or sample frame). */
  liveTime: number;
  /** Frames dropped to keep to the memory cap (the UI says so when > 0). */
  dropped: number;
  capMiB: number;
  /** The view follows the newest frame of a streaming run. */
  live: boolean;
  /** The run is still streaming. */
  streaming: boolean;
  playing: boolean;
  speed: number;
  /** The display rate the bridge uses and why (its newest `display` message). */
  display: DisplayMessage | null;
}

export const initialTimeline: TimelineState = {
  source: null,
  label: null,
  frameCount: 0,
  startTime: 0,
  endTime: 0,
  liveTime: 0,
  dropped: 0,
  capMiB: 512,
  live: true,
  streaming: false,
  playing: false,
  speed: 1,
  display: null,
};

export type TimelineStore = StoreApi<TimelineState>;

export function createTimelineStore(): TimelineStore {
  return createStore<TimelineState>(() => ({ ...initialTimeline }));
}

export interface Cursor {
  /** Index into the frame store, or -1 in live mode before any sample frame. */
  index: number;
  time: number;
}

export type CursorStore = StoreApi<Cursor>;

export function createCursorStore(): CursorStore {
  return createStore<Cursor>(() => ({ index: -1, time: 0 }));
}
