// Play, pause, step, scrub, speed and jump-to-live for the run's sampled frames. The slider
// and the time read the cursor by direct subscription (no React render per frame).
import { useEffect, useRef } from 'react';
import { PauseIcon, PlayIcon, StepIcon } from '../../ui/icons';
import { DisplayRate } from './DisplayRate';
import { useTimeline, useViewerSession } from './session-context';
import { SPEEDS } from './timeline-store';

export function formatTime(t: number): string {
  return `${t.toFixed(3)} s`;
}

export function TimelineBar() {
  const viewerSession = useViewerSession();
  const frameCount = useTimeline((s) => s.frameCount);
  const playing = useTimeline((s) => s.playing);
  const live = useTimeline((s) => s.live);
  const streaming = useTimeline((s) => s.streaming);
  const speed = useTimeline((s) => s.speed);
  const dropped = useTimeline((s) => s.dropped);
  const capMiB = useTimeline((s) => s.capMiB);
  const endTime = useTimeline((s) => s.endTime);
  const slider = useRef<HTMLInputElement>(null);
  const time = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const update = ({ index, time: t }: { index: number; time: number }) => {
      if (slider.current && document.activeElement !== slider.current) {
        slider.current.value = String(Math.max(0, index));
      }
      if (time.current) time.current.textContent = formatTime(t);
    };
    update(viewerSession.cursor.getState());
    return viewerSession.cursor.subscribe(update);
  }, [viewerSession]);

  const empty = frameCount === 0;
  return (
    <div className="viewer-timeline" role="toolbar" aria-label="Timeline">
      <button
        type="button"
        className="tool-button"
        title="Step back one frame"
        aria-label="Step back"
        disabled={empty}
        onClick={() => viewerSession.step(-1)}
      >
        <span className="viewer-mirror">
          <StepIcon />
        </span>
      </button>
      <button
        type="button"
        className="tool-button"
        data-testid="timeline-play"
        title={playing ? 'Pause playback' : 'Play the recorded frames'}
        aria-label={playing ? 'Pause' : 'Play'}
        disabled={empty}
        onClick={() => (playing ? viewerSession.pause() : viewerSession.play())}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button
        type="button"
        className="tool-button"
        title="Step forward one frame"
        aria-label="Step forward"
        disabled={empty}
        onClick={() => viewerSession.step(1)}
      >
        <StepIcon />
      </button>
      <input
        ref={slider}
        className="viewer-slider"
        data-testid="timeline-slider"
        type="range"
        aria-label="Time"
        min={0}
        max={Math.max(0, frameCount - 1)}
        step={1}
        disabled={empty}
        onChange={(e) => viewerSession.seek(Number(e.currentTarget.value))}
      />
      <span
        className="viewer-time"
        ref={time}
        data-testid="timeline-time"
        title={`End: ${formatTime(endTime)}`}
      />
      <select
        aria-label="Playback speed"
        title="Playback speed"
        value={speed}
        onChange={(e) => viewerSession.setSpeed(Number(e.currentTarget.value))}
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      <button
        type="button"
        className={`tool-button viewer-live${live && streaming ? ' on' : ''}`}
        title={streaming ? 'Follow the newest frame of the run' : 'Go to the last frame'}
        disabled={empty}
        onClick={() => viewerSession.goLive()}
      >
        {streaming ? 'Live' : 'End'}
      </button>
      <DisplayRate />
      {dropped > 0 && (
        <span
          className="viewer-thinned"
          data-testid="timeline-thinned"
          title="Raise the timeline memory in Settings to keep every frame"
        >
          Memory cap ({capMiB} MiB) reached: {dropped} older frames thinned
        </span>
      )}
    </div>
  );
}
