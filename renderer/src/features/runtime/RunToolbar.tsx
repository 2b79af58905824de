// Run, Pause/Resume, Step and Stop of the twin's lane, with the run's simulated time,
// real-time factor and progress. Buttons run the same registry actions as the menus and
// shortcuts.
import { getAction, runAction, useActionRegistry } from '../../commands/action-registry';
import { PauseIcon, PlayIcon, StepIcon, StopIcon } from '../../ui/icons';
import { formatAccelerator } from '../../commands/keybinding';
import type { ReactNode } from 'react';
import { formatRealtimeFactor, formatSimTime, runProgress, statusLabel } from './run-format';
import { isActive } from './run-session';
import { useRunState } from './session-context';
import './run-toolbar.css';

function ActionButton({ id, icon, label }: { id: string; icon: ReactNode; label: string }) {
  useActionRegistry((s) => s.revision);
  const action = getAction(id);
  const enabled = action ? (action.when ? action.when() : true) : false;
  const key = action?.keybinding ? ` (${formatAccelerator(action.keybinding)})` : '';
  return (
    <button
      type="button"
      className="tool-button"
      data-testid={`run-${id.split('.')[1]}`}
      title={`${label}${key}`}
      aria-label={label}
      disabled={!enabled}
      onClick={() => void runAction(id)}
    >
      {icon}
      {id === 'run.start' && <span className="tool-label">Run</span>}
    </button>
  );
}

export function RunToolbar() {
  const summary = useRunState((s) => s.summary);
  const limits = useRunState((s) => s.limits);
  const active = isActive(summary);
  const paused = summary?.status === 'paused';
  const progress = runProgress(summary, limits?.simTime);
  return (
    <div className="run-toolbar" role="toolbar" aria-label="Run controls">
      <ActionButton id="run.start" icon={<PlayIcon />} label="Run script" />
      {paused ? (
        <ActionButton id="run.resume" icon={<PlayIcon />} label="Resume" />
      ) : (
        <ActionButton id="run.pause" icon={<PauseIcon />} label="Pause" />
      )}
      <ActionButton id="run.step" icon={<StepIcon />} label="Step one frame" />
      <ActionButton id="run.stop" icon={<StopIcon />} label="Stop" />
      {summary && (
        <div className="run-figures" data-testid="run-state" data-status={summary.status}>
          <span className={`run-status status-${summary.status}`}>
            {statusLabel(summary.status)}
          </span>
          <span title="Simulated time">t = {formatSimTime(summary.simTime)}</span>
          {active && (
            <span title="Real-time factor (simulated / wall-clock time)">
              {formatRealtimeFactor(summary.realtimeFactor)}
            </span>
          )}
          {progress !== null && (
            <progress
              className="run-progress"
              value={progress}
              max={1}
              title={`${Math.round(progress * 100)} % of the ${limits?.simTime} s limit`}
            />
          )}
        </div>
      )}
    </div>
  );
}
