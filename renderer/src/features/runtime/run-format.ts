// How run figures read in the toolbar and status bar.
import type { RunStatus, RunSummary } from '../../../../electron/common/contract';

const STATUS_LABELS: Record<RunStatus, string> = {
  starting: 'Starting',
  running: 'Running',
  paused: 'Paused',
  finished: 'Finished',
  limit: 'Limit reached',
  stopped: 'Stopped',
  error: 'Error',
  crashed: 'Crashed',
};

export function statusLabel(status: RunStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** Simulated time with a precision that suits its size: 0.125 s, 12.50 s, 125.0 s. */
export function formatSimTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const abs = Math.abs(seconds);
  const digits = abs < 10 ? 3 : abs < 100 ? 2 : 1;
  return `${seconds.toFixed(digits)} s`;
}

export function formatRealtimeFactor(rtf: number): string {
  if (!Number.isFinite(rtf) || rtf <= 0) return '–';
  return rtf >= 10 ? `${rtf.toFixed(0)}×` : `${rtf.toFixed(2)}×`;
}

/** Progress through the simulated-time limit, 0..1, or null when there is no limit. */
export function runProgress(
  summary: RunSummary | null,
  simLimit: number | undefined,
): number | null {
  if (!summary || !simLimit || simLimit <= 0) return null;
  return Math.min(Math.max(summary.simTime / simLimit, 0), 1);
}
