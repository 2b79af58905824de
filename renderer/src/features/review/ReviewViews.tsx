// The two runs side by side: the twin's 3D view and the reference's, each with its own run
// controls (pause, stop, run again alone) and timeline, one shared timeline over both, and
// the cameras and timelines linked unless the user unlinks them. Or both in one view: the
// reference drawn as a translucent ghost over the twin, driven by the same timeline.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SceneRenderer } from '../../scene/scene-renderer';
import { PauseIcon, PlayIcon, StopIcon } from '../../ui/icons';
import { formatSimTime, statusLabel } from '../runtime/run-format';
import { isActive, type RunSession } from '../runtime/run-session';
import { RunSessionContext } from '../runtime/session-context';
import { ViewerPanel } from '../viewer/ViewerPanel';
import { ViewerSessionContext } from '../viewer/session-context';
import { formatTime } from '../viewer/TimelineBar';
import type { ViewerSession } from '../viewer/viewer-session';
import { indexAtTime, linkCameras, linkTimelines, seekBoth } from './view-links';

/** One lane's sessions, as the app's lanes give them. */
export interface LaneSessions {
  name: string;
  run: RunSession;
  viewer: ViewerSession;
}

export interface ViewRenderers {
  twin: SceneRenderer | null;
  reference: SceneRenderer | null;
}

function LaneContext({ lane, children }: { lane: LaneSessions; children: ReactNode }) {
  return (
    <RunSessionContext.Provider value={lane.run}>
      <ViewerSessionContext.Provider value={lane.viewer}>{children}</ViewerSessionContext.Provider>
    </RunSessionContext.Provider>
  );
}

function LaneRunBar({
  lane,
  label,
  onRunAgain,
  canRun,
}: {
  lane: LaneSessions;
  label: string;
  onRunAgain(): void;
  canRun: boolean;
}) {
  const summary = useStore(lane.run.state, (s) => s.summary);
  const errors = useStore(lane.run.state, (s) => s.errors);
  const active = isActive(summary);
  const paused = summary?.status === 'paused';
  const error = errors[errors.length - 1];
  return (
    <div className="review-lane-bar" data-testid={`review-lane-${lane.name}`}>
      <strong>{label}</strong>
      {summary ? (
        <span className={`run-status status-${summary.status}`} data-testid="review-lane-status">
          {statusLabel(summary.status)} · t = {formatSimTime(summary.simTime)}
        </span>
      ) : (
        <span className="viewer-muted">not run yet</span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="tool-button"
        title={paused ? 'Resume this run' : 'Pause this run'}
        aria-label={paused ? `Resume the ${label}` : `Pause the ${label}`}
        disabled={!active}
        onClick={() => void lane.run.control(paused ? 'resume' : 'pause')}
      >
        {paused ? <PlayIcon /> : <PauseIcon />}
      </button>
      <button
        type="button"
        className="tool-button"
        title="Stop this run"
        aria-label={`Stop the ${label}`}
        disabled={!active}
        onClick={() => void lane.run.control('stop')}
      >
        <StopIcon />
      </button>
      <button
        type="button"
        className="tool-button"
        title="Run this script again, alone, with the review's limits"
        disabled={!canRun}
        onClick={onRunAgain}
      >
        Run again
      </button>
      {error && (
        <div className="review-lane-error" role="alert" title={error.traceback || undefined}>
          {error.errorType}: {error.message.trim().split('\n').pop()}
          {error.line !== null ? ` (line ${error.line})` : ''}
        </div>
      )}
    </div>
  );
}

/** One timeline over both runs: scrub, play and go to the end of both at once. */
function SharedTimeline({ twin, reference }: { twin: ViewerSession; reference: ViewerSession }) {
  const twinEnd = useStore(twin.timeline, (s) => s.endTime);
  const refEnd = useStore(reference.timeline, (s) => s.endTime);
  const twinPlaying = useStore(twin.timeline, (s) => s.playing);
  const refPlaying = useStore(reference.timeline, (s) => s.playing);
  const twinFrames = useStore(twin.timeline, (s) => s.frameCount);
  const refFrames = useStore(reference.timeline, (s) => s.frameCount);
  const slider = useRef<HTMLInputElement>(null);
  const label = useRef<HTMLSpanElement>(null);
  const end = Math.max(twinEnd, refEnd);
  const playing = twinPlaying || refPlaying;
  const empty = twinFrames + refFrames === 0;
  // The run that lasts longer drives playback; the other follows through the link.
  const driver = refEnd > twinEnd ? reference : twin;

  useEffect(() => {
    const show = () => {
      const t = Math.max(twin.cursor.getState().time, reference.cursor.getState().time);
      if (slider.current && document.activeElement !== slider.current) {
        slider.current.value = String(t);
      }
      if (label.current) label.current.textContent = formatTime(t);
    };
    show();
    const offs = [twin.cursor.subscribe(show), reference.cursor.subscribe(show)];
    return () => offs.forEach((off) => off());
  }, [twin, reference]);

  return (
    <div className="review-timeline" role="toolbar" aria-label="Both timelines">
      <span className="viewer-muted">Both runs</span>
      <button
        type="button"
        className="tool-button"
        data-testid="review-play"
        aria-label={playing ? 'Pause both' : 'Play both'}
        title={playing ? 'Pause both' : 'Play both from the same time'}
        disabled={empty}
        onClick={() => {
          if (playing) {
            twin.pause();
            reference.pause();
          } else {
            driver.play();
          }
        }}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <input
        ref={slider}
        className="viewer-slider"
        data-testid="review-slider"
        type="range"
        aria-label="Simulated time of both runs"
        min={0}
        max={end || 0}
        step="any"
        disabled={empty}
        onChange={(e) => seekBoth([twin, reference], Number(e.currentTarget.value))}
      />
      <span className="viewer-time" ref={label} data-testid="review-time" />
      <button
        type="button"
        className="tool-button"
        title="Both to their newest frame"
        disabled={empty}
        onClick={() => {
          twin.goLive();
          reference.goLive();
        }}
      >
        End
      </button>
    </div>
  );
}

export interface ReviewViewsProps {
  twin: LaneSessions;
  reference: LaneSessions;
  /** Where the two engines are, for the report's screenshots. */
  renderers: { current: ViewRenderers };
  onRunTwin(): void;
  onRunReference(): void;
  canRunReference: boolean;
}

export function ReviewViews({
  twin,
  reference,
  renderers,
  onRunTwin,
  onRunReference,
  canRunReference,
}: ReviewViewsProps) {
  const [twinView, setTwinView] = useState<SceneRenderer | null>(null);
  const [refView, setRefView] = useState<SceneRenderer | null>(null);
  const [camerasLinked, setCamerasLinked] = useState(true);
  const [timelinesLinked, setTimelinesLinked] = useState(true);
  const [layout, setLayout] = useState<'split' | 'ghost'>('split');

  useEffect(() => {
    renderers.current = { twin: twinView, reference: refView };
  }, [renderers, twinView, refView]);

  useEffect(() => {
    if (!camerasLinked || !twinView || !refView) return;
    return linkCameras(twinView, refView);
  }, [camerasLinked, twinView, refView]);

  // The ghost: the reference's session feeds a translucent layer of the twin's view.
  useEffect(() => {
    if (layout !== 'ghost' || !twinView) return;
    const detach = reference.viewer.attach(twinView.addGhost());
    return () => {
      detach();
      twinView.removeGhost();
    };
  }, [layout, twinView, reference]);

  useEffect(() => {
    if (!timelinesLinked) return;
    // Bring the reference to the twin's time at once, then keep them together.
    if (!twin.viewer.timeline.getState().live && reference.viewer.frames.length > 0) {
      reference.viewer.seek(indexAtTime(reference.viewer, twin.viewer.cursor.getState().time));
    }
    return linkTimelines(twin.viewer, reference.viewer);
  }, [timelinesLinked, twin, reference]);

  return (
    <section className="review-views" aria-label="Both runs" data-testid="review-views">
      <div className={`review-views-pair review-layout-${layout}`}>
        <LaneContext lane={twin}>
          <div className="review-view" data-testid="review-view-twin">
            <LaneRunBar lane={twin} label="Twin" onRunAgain={onRunTwin} canRun />
            {layout === 'ghost' && (
              <LaneContext lane={reference}>
                <LaneRunBar
                  lane={reference}
                  label="Reference (ghost)"
                  onRunAgain={onRunReference}
                  canRun={canRunReference}
                />
              </LaneContext>
            )}
            <ViewerPanel
              title={layout === 'ghost' ? 'Twin, with the reference as a ghost' : 'Twin'}
              onRenderer={setTwinView}
            />
          </div>
        </LaneContext>
        {layout === 'split' && (
          <LaneContext lane={reference}>
            <div className="review-view" data-testid="review-view-reference">
              <LaneRunBar
                lane={reference}
                label="Reference"
                onRunAgain={onRunReference}
                canRun={canRunReference}
              />
              <ViewerPanel title="Reference" onRenderer={setRefView} />
            </div>
          </LaneContext>
        )}
      </div>
      <div className="review-views-footer">
        <SharedTimeline twin={twin.viewer} reference={reference.viewer} />
        <div className="review-layout" role="group" aria-label="How both runs are shown">
          <button
            type="button"
            className="tool-button"
            aria-pressed={layout === 'split'}
            data-testid="review-layout-split"
            title="The twin and the reference in two views"
            onClick={() => setLayout('split')}
          >
            Side by side
          </button>
          <button
            type="button"
            className="tool-button"
            aria-pressed={layout === 'ghost'}
            data-testid="review-layout-ghost"
            title="One view: the reference drawn as a translucent ghost over the twin"
            onClick={() => setLayout('ghost')}
          >
            Ghost
          </button>
        </div>
        <label title="Both views keep the same camera" hidden={layout === 'ghost'}>
          <input
            type="checkbox"
            checked={camerasLinked}
            onChange={(e) => setCamerasLinked(e.currentTarget.checked)}
          />{' '}
          Link cameras
        </label>
        <label title="Scrubbing one run takes the other to the same simulated time">
          <input
            type="checkbox"
            checked={timelinesLinked}
            onChange={(e) => setTimelinesLinked(e.currentTarget.checked)}
          />{' '}
          Link timelines
        </label>
      </div>
    </section>
  );
}
