// The lanes of this window: for each (twin, reference, ...) a run session and a viewer
// session, made on first use. The host sends this window only its own runs' events and
// announces each run with its lane (`runtime.started`) before anything else of it, so the
// events of a run go to the lane it was started in, whoever started it (a Run click, the
// host's repair loop, a review).
import { createContext, useContext } from 'react';
import { decodeFrame } from '../../../electron/common/stream';
import type { PlatformHost } from '../platform/types';
import { RunSession } from '../features/runtime/run-session';
import { ViewerSession } from '../features/viewer/viewer-session';

export interface Lane {
  readonly name: string;
  readonly run: RunSession;
  readonly viewer: ViewerSession;
}

/** The lanes the UI knows by name. */
export const TWIN = 'twin';
export const REFERENCE = 'reference';

export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  /** Which lane each known run plays in. */
  private readonly runLanes = new Map<string, Lane>();
  private readonly created = new Set<(lane: Lane) => void>();

  /** @param recordInto the project a lane's runs are recorded into, or null for none */
  constructor(
    private readonly host: PlatformHost,
    private readonly recordInto: (lane: string) => string | null = () => null,
  ) {}

  get(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      const run = new RunSession(name, this.host, () => this.recordInto(name));
      lane = { name, run, viewer: new ViewerSession(name) };
      this.lanes.set(name, lane);
      for (const listener of this.created) listener(lane);
    }
    return lane;
  }

  get twin(): Lane {
    return this.get(TWIN);
  }

  all(): Lane[] {
    return [...this.lanes.values()];
  }

  /** Calls `listener` for every lane, now and as lanes are made; returns the unsubscribe. */
  each(listener: (lane: Lane) => void): () => void {
    for (const lane of this.lanes.values()) listener(lane);
    this.created.add(listener);
    return () => this.created.delete(listener);
  }

  /** Routes the host's runtime events to the lanes; returns the disconnect. */
  connect(onBadFrame: (error: unknown) => void): () => void {
    const host = this.host;
    const offs = [
      host.on('runtime.started', (started) => {
        const lane = this.get(started.lane);
        this.runLanes.set(started.runId, lane);
        // Remember a bounded number of runs: old ones send nothing more.
        if (this.runLanes.size > 200) {
          this.runLanes.delete(this.runLanes.keys().next().value as string);
        }
        lane.run.begin(started);
        lane.viewer.begin(started.runId, 'run');
      }),
      host.on('runtime.status', (summary) =>
        this.runLanes.get(summary.runId)?.run.onStatus(summary),
      ),
      host.on('runtime.message', ({ runId, message }) => {
        const lane = this.runLanes.get(runId);
        if (!lane) return;
        lane.run.onMessage(runId, message);
        lane.viewer.handleMessage(runId, message);
      }),
      host.on('runtime.output', ({ runId, stream, text }) =>
        this.runLanes.get(runId)?.run.onOutput(runId, stream, text),
      ),
      host.on('runtime.frame', ({ runId, data }) => {
        const lane = this.runLanes.get(runId);
        if (!lane) return;
        try {
          lane.viewer.handleFrame(runId, decodeFrame(data));
        } catch (error) {
          onBadFrame(error);
        }
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      for (const lane of this.lanes.values()) {
        lane.viewer.pause();
        lane.run.dispose();
      }
    };
  }
}

export const LanesContext = createContext<Lanes | null>(null);

export function useLanes(): Lanes {
  const lanes = useContext(LanesContext);
  if (!lanes) throw new Error('The app provides the lanes (LanesContext)');
  return lanes;
}
