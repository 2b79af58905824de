// The renderer's composition root: connects every feature to the host, makes the lanes
// (one run and viewer session per lane), registers the actions, and ties the features
// together where one follows another (the twin's run errors become the editor's problems).
// Returns one disposer for all of it.
import type { PlatformHost } from '../platform/types';
import { registerViewerActions } from '../features/viewer/actions';
import { connectChat } from '../features/chat/chat-store';
import { connectModels } from '../features/chat/model-store';
import { connectRepair } from '../features/chat/repair-store';
import { useEditorStore, type Problem } from '../features/editor/editor-store';
import { connectLint } from '../features/editor/lint-store';
import { connectScriptFiles } from '../features/editor/script-files';
import { useProjectStore } from '../features/project/project-store';
import { registerRecordingActions } from '../features/recordings/actions';
import { connectRecordings } from '../features/recordings/recordings-store';
import { connectReview } from '../features/review/review-store';
import { connectEval } from '../features/eval/eval-store';
import { connectProbe, useProbeStore } from '../features/runtime/probe-store';
import { connectRuntimeSetup } from '../features/runtime-setup/runtime-setup-store';
import { connectSettings, useSettingsStore } from '../features/settings/settings-store';
import { useNotifications } from '../ui/notifications';
import { registerCoreActions } from './core-actions';
import { connectEvalReview } from './eval-review';
import { connectProjectSync } from './project-sync';
import { connectSourceLines } from './source-links';
import { Lanes, REFERENCE, TWIN } from './lanes';
import { connectLlmStatus, useLlmStatus } from './llm-status';
import { startTheme, useTheme } from './theme';
import { useUi } from './ui-store';

const LLM_FIELDS = ['llmProvider', 'ollamaUrl', 'openaiUrl', 'model'] as const;

export interface AppConnection {
  lanes: Lanes;
  dispose(): void;
}

export function connectApp(host: PlatformHost): AppConnection {
  // The twin's and the reference's runs are recorded into the open project.
  const lanes = new Lanes(host, (lane) =>
    lane === TWIN || lane === REFERENCE
      ? (useProjectStore.getState().info?.projectId ?? null)
      : null,
  );
  let warnedFrame = false;
  const disposers: Array<() => void> = [
    startTheme(),
    connectSettings(host),
    connectProbe(host),
    // An installed or chosen runtime changes what the probe finds.
    connectRuntimeSetup(host, () => void useProbeStore.getState().refresh()),
    connectLlmStatus(host),
    connectScriptFiles(host),
    connectLint(host),
    connectChat(host, () => lanes.twin.run.state.getState().runId),
    connectModels(host),
    connectRepair(host),
    connectProjectSync(host),
    connectRecordings(host),
    connectReview(host),
    connectEval(host),
    connectEvalReview(),
    lanes.connect((error) => {
      // A malformed frame is dropped; say so once rather than per frame.
      if (warnedFrame) return;
      warnedFrame = true;
      useNotifications
        .getState()
        .notify(
          'warning',
          `A frame of the run could not be read and was skipped: ${String(error)}`,
        );
    }),
    registerCoreActions(lanes),
    registerViewerActions(() => lanes.twin.viewer),
    registerRecordingActions(() => useUi.getState().openDialog('runs')),
    followSettings(lanes),
    showTwinErrorsAsProblems(lanes),
    connectSourceLines(lanes),
    // After serve mode reconnects, what the host knows may have changed.
    host.onConnectionChange((state) => {
      if (state !== 'open') return;
      void useSettingsStore.getState().load();
      void useProbeStore.getState().refresh();
      void useLlmStatus.getState().refresh();
    }),
  ];
  return {
    lanes,
    dispose: () => disposers.reverse().forEach((dispose) => dispose()),
  };
}

/** The theme, the interpreter, the model server and the timeline cap follow the settings. */
function followSettings(lanes: Lanes): () => void {
  const applyCap = () => {
    const mib = useSettingsStore.getState().settings?.timelineMemoryMiB;
    if (!mib) return;
    for (const lane of lanes.all()) {
      if (mib * 1024 * 1024 !== lane.viewer.frames.cap) lane.viewer.setCapMiB(mib);
    }
  };
  const offLanes = lanes.each(() => applyCap());
  const offSettings = useSettingsStore.subscribe((s, prev) => {
    const next = s.settings;
    const before = prev.settings;
    if (!next) return;
    if (next.theme !== before?.theme) useTheme.getState().setChoice(next.theme);
    if (before && next.pythonPath !== before.pythonPath) void useProbeStore.getState().refresh();
    if (before && LLM_FIELDS.some((key) => next[key] !== before[key])) {
      void useLlmStatus.getState().refresh();
    }
    if (next.timelineMemoryMiB !== before?.timelineMemoryMiB) applyCap();
  });
  return () => {
    offLanes();
    offSettings();
  };
}

/** The editor holds the twin's script, so the twin's run errors are its problems. */
export function showTwinErrorsAsProblems(lanes: Lanes): () => void {
  return lanes.twin.run.state.subscribe((s, prev) => {
    if (s.errors === prev.errors && s.runId === prev.runId) return;
    const editor = useEditorStore.getState();
    const others = editor.problems.filter((p) => p.source !== 'run' && p.source !== 'syntax');
    const fromRun: Problem[] = s.errors.map((error) => ({
      line: error.line,
      message: `${error.errorType}: ${error.message}`,
      severity: 'error',
      source: error.phase === 'syntax' ? 'syntax' : 'run',
    }));
    editor.setProblems([...others, ...fromRun]);
  });
}
