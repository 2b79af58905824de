// The status bar: the Python runtime, the model server, the host connection and the run.
import { formatRealtimeFactor, formatSimTime, statusLabel } from '../runtime/run-format';
import { isActive, useRuntimeStore } from '../runtime/runtime-store';
import { useEditorStore } from '../editor/editor-store';
import { useLlmStatus } from './llm-status';
import { useUi } from './ui-store';
import type { ConnectionState } from '../../platform/types';
import { LoadedModelStatus } from '../chat/LoadedModelStatus';

const pythonLabel = (version: string | null) => (version ? `Python ${version}` : 'Python');

function RuntimeItem() {
  const probe = useRuntimeStore((s) => s.probe);
  const probeError = useRuntimeStore((s) => s.probeError);
  const probing = useRuntimeStore((s) => s.probing);
  const openDialog = useUi((s) => s.openDialog);
  let text: string;
  let state: 'ok' | 'bad' | 'unknown';
  let title: string;
  if (probe?.pychrono) {
    text = `${pythonLabel(probe.pythonVersion)} · PyChrono ${probe.pychrono}`;
    state = 'ok';
    title = `${probe.python} (from ${probe.source ?? '?'})`;
  } else if (probe) {
    text = probe.python
      ? `${pythonLabel(probe.pythonVersion)} · PyChrono not found`
      : 'Python not found';
    state = 'bad';
    title = probe.problem ?? 'Open Getting Started for the steps';
  } else {
    text = probing ? 'Python: checking…' : 'Python: unknown';
    state = 'unknown';
    title = probeError ?? '';
  }
  return (
    <button
      type="button"
      className={`status-item status-${state}`}
      title={title}
      data-testid="status-runtime"
      onClick={() => openDialog('firstRun')}
    >
      {text}
    </button>
  );
}

/** Whether runs are confined, with what holds them in the tooltip. */
function ConfinementItem() {
  const confinement = useRuntimeStore((s) => s.probe?.confinement);
  if (!confinement) return null;
  return (
    <span
      className={`status-item status-${confinement.active ? 'ok' : 'unknown'}`}
      title={confinement.note}
      data-testid="status-confinement"
    >
      {confinement.active ? 'Runs confined' : 'Runs not confined'}
    </span>
  );
}

function ModelItem() {
  const status = useLlmStatus((s) => s.status);
  const unknownReason = useLlmStatus((s) => s.unknownReason);
  const openDialog = useUi((s) => s.openDialog);
  let text: string;
  let state: 'ok' | 'bad' | 'unknown';
  if (!status) {
    text = 'model server: unknown';
    state = 'unknown';
  } else if (status.reachable) {
    text = `${status.provider}: ${status.model ?? 'no model chosen'}`;
    state = status.model ? 'ok' : 'bad';
  } else {
    text = `${status.provider}: not reachable`;
    state = 'bad';
  }
  const title = status
    ? `${status.url}${status.error ? ` — ${status.error}` : ''}`
    : (unknownReason ?? '');
  return (
    <button
      type="button"
      className={`status-item status-${state}`}
      title={title}
      data-testid="status-model"
      onClick={() => openDialog('settings', 'Model server')}
    >
      {text}
    </button>
  );
}

function RunItem() {
  const summary = useRuntimeStore((s) => s.summary);
  const showBottomTab = useUi((s) => s.showBottomTab);
  if (!summary)
    return (
      <span className="status-item muted" data-testid="status-run">
        No run yet
      </span>
    );
  const active = isActive(summary);
  return (
    <button
      type="button"
      className={`status-item run-${summary.status}`}
      data-testid="status-run"
      title={summary.reason || statusLabel(summary.status)}
      onClick={() => showBottomTab(summary.status === 'error' ? 'problems' : 'console')}
    >
      {statusLabel(summary.status)} · t = {formatSimTime(summary.simTime)}
      {active ? ` · ${formatRealtimeFactor(summary.realtimeFactor)}` : ''}
    </button>
  );
}

export function StatusBar({ connection }: { connection: ConnectionState }) {
  const dirty = useEditorStore((s) => s.dirty);
  const problems = useEditorStore((s) => s.problems.length);
  const showBottomTab = useUi((s) => s.showBottomTab);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <RuntimeItem />
      <ConfinementItem />
      <ModelItem />
      <LoadedModelStatus />
      {connection !== 'open' && (
        <span className="status-item status-bad" data-testid="status-connection">
          {connection === 'connecting' ? 'Connecting to host…' : 'Host disconnected'}
        </span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="status-item"
        onClick={() => showBottomTab('problems')}
        title="Problems"
      >
        ⨯ {problems}
      </button>
      {dirty && <span className="status-item muted">Unsaved</span>}
      <RunItem />
    </footer>
  );
}
