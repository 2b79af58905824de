// The status bar: the Python runtime, the model server, the host connection and the run.
import { formatRealtimeFactor, formatSimTime, statusLabel } from '../features/runtime/run-format';
import { useProbeStore } from '../features/runtime/probe-store';
import { isActive } from '../features/runtime/run-session';
import { useRunState } from '../features/runtime/session-context';
import { useEditorStore } from '../features/editor/editor-store';
import { useProjectStore } from '../features/project/project-store';
import { useLlmStatus } from './llm-status';
import { useUi } from './ui-store';
import type { ConnectionState } from '../platform/types';
import { LoadedModelStatus } from '../features/chat/LoadedModelStatus';
import { runtimeStatus } from './runtime-status';
import './status-bar.css';

function RuntimeItem() {
  const probe = useProbeStore((s) => s.probe);
  const probeError = useProbeStore((s) => s.probeError);
  const probing = useProbeStore((s) => s.probing);
  const openDialog = useUi((s) => s.openDialog);
  const { text, state, title } = runtimeStatus(probe, probing, probeError);
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
  const confinement = useProbeStore((s) => s.probe?.confinement);
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
  const summary = useRunState((s) => s.summary);
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

/** Which project the twin is (a folder, a script on its own, or untitled) and its saving. */
function ProjectItem() {
  const info = useProjectStore((s) => s.info);
  const saving = useProjectStore((s) => s.saving);
  const conflict = useProjectStore((s) => s.conflict !== null);
  const openDialog = useUi((s) => s.openDialog);
  if (!info) return null;
  const where =
    info.kind === 'project' ? info.path : info.kind === 'script' ? info.scriptPath : null;
  const label =
    info.kind === 'project'
      ? info.name
      : info.kind === 'script'
        ? `${info.name} (script)`
        : 'Untitled twin';
  return (
    <button
      type="button"
      className={`status-item${conflict ? ' status-bad' : ''}`}
      data-testid="status-project"
      title={where ?? 'Not saved as a project yet: File > Save As Project…'}
      onClick={() => openDialog(info.kind === 'untitled' ? 'saveProjectAs' : 'openProject')}
    >
      ◆ {label}
      {saving ? ' · saving…' : conflict ? ' · not saved: changed elsewhere' : ''}
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
      <ProjectItem />
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
