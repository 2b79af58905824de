// The open project's runs (its recordings): when each ran, in which lane, how it ended, how
// far it got and what its recording takes; a recording opens in the twin's view or exports
// as MCAP (Foxglove, Lichtblick), the trajectory CSV or the .tfrec itself.
import { useEffect, useState } from 'react';
import type { RunStatus } from '../../../../electron/common/contract';
import type {
  ExportFormat,
  RecordingListing,
} from '../../../../electron/common/contract/recordings';
import { Dialog } from '../../ui/Dialog';
import { formatBytes } from '../chat/format';
import { formatSimTime, statusLabel } from '../runtime/run-format';
import type { ViewerSession } from '../viewer/viewer-session';
import { exportRun, openRun, refreshRuns, useRecordingsStore } from './recordings-store';
import './recordings.css';

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'mcap', label: 'MCAP (Foxglove, Lichtblick)' },
  { format: 'csv', label: 'CSV (trajectory)' },
  { format: 'tfrec', label: 'TwinForge recording (.tfrec)' },
];

export function RunsDialog({ viewer, onClose }: { viewer: ViewerSession; onClose(): void }) {
  const { runs, loading, error, busy, projectId } = useRecordingsStore();
  const [format, setFormat] = useState<ExportFormat>('mcap');
  useEffect(() => void refreshRuns(), []);

  return (
    <Dialog
      title="Runs of this project"
      testId="runs-dialog"
      onClose={onClose}
      wide
      footer={
        <>
          <label className="runs-format">
            Export as
            <select
              value={format}
              data-testid="runs-format"
              onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}
            >
              {FORMATS.map((f) => (
                <option key={f.format} value={f.format}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {error && <p className="form-error">{error}</p>}
      {!projectId && <p className="muted">No project is open.</p>}
      {projectId && runs.length === 0 && (
        <p className="muted" data-testid="runs-empty">
          {loading
            ? 'Reading the runs…'
            : 'No runs recorded yet: each run of the twin is recorded here.'}
        </p>
      )}
      {runs.length > 0 && (
        <table className="runs-table">
          <thead>
            <tr>
              <th>Started</th>
              <th>Lane</th>
              <th>Status</th>
              <th>Sim time</th>
              <th>Size</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId} data-testid="runs-row" data-run={run.runId}>
                <td>{new Date(run.startedAt).toLocaleString()}</td>
                <td>{run.lane}</td>
                <td>{statusOf(run)}</td>
                <td>{run.summary ? formatSimTime(run.summary.simTime) : '–'}</td>
                <td>{formatBytes(run.bytes)}</td>
                <td className="runs-actions">
                  <button
                    type="button"
                    className="button"
                    data-testid="runs-open"
                    disabled={busy !== null || run.bytes === null}
                    title="Open the recording in the twin's 3D view"
                    onClick={() => void openRun(viewer, run.runId).then(onClose)}
                  >
                    Open
                  </button>
                  <button
                    type="button"
                    className="button"
                    data-testid="runs-export"
                    disabled={busy !== null || run.bytes === null}
                    title={`Export as ${FORMATS.find((f) => f.format === format)?.label}`}
                    onClick={() => void exportRun(run.runId, format)}
                  >
                    {busy === run.runId ? 'Working…' : 'Export'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

function statusOf(run: RecordingListing): string {
  if (run.active) return 'Recording…';
  if (run.bytes === null) return 'Recording deleted';
  if (!run.summary) return 'Interrupted';
  const status = statusLabel(run.summary.status as RunStatus);
  return run.truncated ? `${status} (recording cut at its size cap)` : status;
}
