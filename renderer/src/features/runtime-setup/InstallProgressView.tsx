// One install as it goes: the stage and a progress bar with bytes, then how it ended —
// pychrono's version and the modules that import, or what went wrong and what to do.
import { bytesText, stageLabel, stageStep } from './format';
import { ModuleChips } from './ModuleChips';
import { useRuntimeSetup, type InstallRun } from './runtime-setup-store';

export function InstallProgressView({ install }: { install: InstallRun }) {
  const cancel = useRuntimeSetup((s) => s.cancel);
  const dismiss = useRuntimeSetup((s) => s.dismiss);
  const progress = install.progress;

  if (install.phase === 'installing') {
    const known = progress && progress.totalBytes > 0;
    return (
      <div
        className="runtime-progress"
        data-testid="runtime-progress"
        data-stage={progress?.stage ?? 'check'}
      >
        <div className="runtime-progress-head">
          <strong>Installing {install.label}</strong>
          <button type="button" className="button" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
        <progress
          max={known ? progress.totalBytes : undefined}
          value={known ? progress.bytes : undefined}
          aria-label={`Installing ${install.label}: ${progress ? stageLabel(progress.stage) : 'starting'}`}
        />
        <div className="runtime-progress-text" data-testid="runtime-progress-text">
          <span>{progress ? stageStep(progress.stage) : 'Starting'}</span>
          {progress && <span className="muted">{bytesText(progress)}</span>}
        </div>
        {progress?.message && (
          <div className="muted runtime-progress-detail">{progress.message}</div>
        )}
      </div>
    );
  }

  if (install.phase === 'failed') {
    return (
      <div className="runtime-result runtime-failed" role="alert" data-testid="runtime-failed">
        <strong>{install.label} was not installed.</strong>
        <p>{install.error}</p>
        <button type="button" className="button" onClick={dismiss}>
          OK
        </button>
      </div>
    );
  }

  const outcome = install.outcome;
  if (!outcome) return null;
  return (
    <div className="runtime-result runtime-done" data-testid="runtime-done">
      <strong>
        {outcome.installed ? 'Installed' : 'Already installed:'} {outcome.runtime.id}
      </strong>
      <p data-testid="runtime-done-versions">
        pychrono {outcome.probe.pychrono} with Python {outcome.probe.pythonVersion}; runs use it
        now.
      </p>
      <ModuleChips modules={outcome.probe.modules} />
      {outcome.missingModules.length > 0 && (
        <p className="runtime-note">
          The pack promised {outcome.missingModules.join(', ')}, which do not import on this
          machine.
        </p>
      )}
      <button type="button" className="button" onClick={dismiss}>
        OK
      </button>
    </div>
  );
}
