// The current run as the UI sees it: its id, the host's RunSummary (runtime.status events),
// the Python probe, the console, and the controls. The chat's repair loop uses
// `runAndWait`; the toolbar, menus and shortcuts use `run` and `control`.
import { create } from 'zustand';
import type { RunStatus, RunSummary, RuntimeProbe } from '../../../../electron/common/contract';
import type { HelloMessage, JsonMessage } from '../../../../electron/common/stream';
import type { PlatformHost } from '../../platform/types';
import { useEditorStore, type Problem } from '../editor/editor-store';
import { useSettingsStore } from '../settings/settings-store';
import { ConsoleBuffer, type ConsoleEntry, type ConsoleKind } from './console-buffer';

export type ControlCommand = 'pause' | 'resume' | 'step' | 'stop';

export interface DriverInput {
  steering: number;
  throttle: number;
  braking: number;
}

export interface RunLimits {
  simTime?: number;
  wallTime?: number;
  sampleDt?: number;
}

export interface RuntimeState {
  probe: RuntimeProbe | null;
  probing: boolean;
  /** Why the probe itself failed (the host did not answer), or null. */
  probeError: string | null;
  /** The run shown in the UI (the latest one started), or null before the first. */
  runId: string | null;
  summary: RunSummary | null;
  /** The limits the current run was started with (progress is simTime / limits.simTime). */
  limits: RunLimits | null;
  hello: HelloMessage | null;
  console: ConsoleEntry[];

  /** Starts a run of `code` (default: the editor's script); resolves with its id. */
  run(code?: string): Promise<string>;
  /** Runs `code` and resolves with the final summary once it ends or crashes. */
  runAndWait(code: string): Promise<RunSummary>;
  control(cmd: ControlCommand): Promise<void>;
  sendDriver(input: DriverInput): void;
  refreshProbe(): Promise<RuntimeProbe | null>;
  clearConsole(): void;
  appendConsole(kind: ConsoleKind, text: string): void;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set([
  'finished',
  'limit',
  'stopped',
  'error',
  'crashed',
]);

export function isTerminal(status: RunStatus | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

/** Whether the run can take pause/step/stop: started and not yet ended. */
export function isActive(summary: RunSummary | null): boolean {
  return summary !== null && !isTerminal(summary.status);
}

let platform: PlatformHost | null = null;
const buffer = new ConsoleBuffer();
/** Latest summary per run, so an end that arrives before `runtime.start` answers is not lost. */
const latest = new Map<string, RunSummary>();
const waiters = new Map<string, Array<(summary: RunSummary) => void>>();
/**
 * Events of runs whose id is not known yet, held while `runtime.start` is in flight: the
 * new run may print or fail before its id arrives. Once it does, that run's events are
 * replayed and the rest (a replaced run, another window's run) are dropped. Null when no
 * start is pending.
 */
let pendingEvents: Array<{ runId: string; apply: () => void }> | null = null;
/** Runs whose end was already written to the console. */
const ended = new Set<string>();

/** Applies an event of the current run; holds or drops the events of other runs. */
/**
 * Applies an event of this window's run: at once for the current run, held while a start
 * is in flight (replayed in order once its id is known), dropped for any other run (a run
 * started by another browser on the same serve host). Every feature that follows the run
 * goes through here, so they all agree on which run is shown.
 */
export function routeOwnRun(runId: string, apply: () => void): void {
  if (runId === useRuntimeStore.getState().runId) apply();
  else if (pendingEvents) pendingEvents.push({ runId, apply });
}

function startingSummary(runId: string): RunSummary {
  return {
    runId,
    lane: 'twin',
    status: 'starting',
    reason: '',
    simTime: 0,
    wallTime: 0,
    realtimeFactor: 0,
    frames: 0,
    error: null,
    missingModule: null,
    bodies: null,
    items: null,
  };
}

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
}

export const useRuntimeStore = create<RuntimeState>((set, get) => ({
  probe: null,
  probing: false,
  probeError: null,
  runId: null,
  summary: null,
  limits: null,
  hello: null,
  console: [],

  async run(code) {
    const host = requireHost();
    const current = get();
    if (current.runId && isActive(current.summary)) {
      await get().control('stop');
    }
    // From here on, events of the earlier run are ignored and the new run's are held until
    // its id is known.
    pendingEvents = [];
    const editor = useEditorStore.getState();
    const script = code ?? editor.getCode();
    const settings = useSettingsStore.getState().settings;
    const limits: RunLimits = settings
      ? {
          simTime: settings.runSimTime,
          wallTime: settings.runWallTime,
          sampleDt: settings.sampleDt,
        }
      : {};
    editor.setProblems([]);
    set({ runId: null, summary: startingSummary(''), hello: null, limits });
    get().appendConsole('system', `▶ Running ${code === undefined ? editor.fileName : 'script'}`);
    let runId: string;
    try {
      ({ runId } = await host.invoke('runtime.start', {
        script,
        scriptPath: code === undefined ? editor.filePath : null,
        limits,
      }));
    } catch (error) {
      pendingEvents = null;
      set({ summary: null });
      get().appendConsole('error', `The run could not start: ${messageOf(error)}`);
      throw error;
    }
    const held = pendingEvents ?? [];
    pendingEvents = null;
    set({ runId, summary: startingSummary(runId) });
    held.filter((event) => event.runId === runId).forEach((event) => event.apply());
    return runId;
  },

  async runAndWait(code) {
    const runId = await get().run(code);
    const known = latest.get(runId);
    if (known && isTerminal(known.status)) return known;
    return new Promise<RunSummary>((resolve) => {
      const list = waiters.get(runId) ?? [];
      list.push(resolve);
      waiters.set(runId, list);
    });
  },

  async control(cmd) {
    const { runId, summary } = get();
    if (!runId || !isActive(summary)) return;
    const result = await requireHost().invoke('runtime.control', { runId, cmd });
    if (!result.ok) get().appendConsole('warning', `The run did not accept “${cmd}”.`);
  },

  sendDriver(input) {
    const { runId, summary } = get();
    if (!platform || !runId || !isActive(summary)) return;
    platform.invoke('runtime.driver', { runId, ...input }).catch((error: unknown) => {
      get().appendConsole('warning', `Driver input was not delivered: ${messageOf(error)}`);
    });
  },

  async refreshProbe() {
    if (!platform) return null;
    set({ probing: true });
    try {
      const probe = await platform.invoke('runtime.probe', { refresh: true });
      set({ probe, probeError: null, probing: false });
      return probe;
    } catch (error) {
      set({ probeError: messageOf(error), probing: false });
      return null;
    }
  },

  clearConsole() {
    buffer.clear();
    set({ console: buffer.entries() });
  },

  appendConsole(kind, text) {
    buffer.push(null, kind, text);
    scheduleConsoleFlush();
  },
}));

let flushTimer: ReturnType<typeof setTimeout> | null = null;

/** Console updates are batched: a chatty script must not re-render the UI per line. */
function scheduleConsoleFlush(): void {
  if (flushTimer) return;
  flushTimer = setTimeout(() => {
    flushTimer = null;
    useRuntimeStore.setState({ console: buffer.entries() });
  }, 40);
}

/** Flushes pending console text right away (tests, and before a reload of the view). */
export function flushConsole(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  useRuntimeStore.setState({ console: buffer.entries() });
}

function onStatus(summary: RunSummary): void {
  latest.set(summary.runId, summary);
  if (latest.size > 20) latest.delete(latest.keys().next().value as string);
  routeOwnRun(summary.runId, () => {
    useRuntimeStore.setState({ summary });
    if (isTerminal(summary.status) && !ended.has(summary.runId)) {
      ended.add(summary.runId);
      useRuntimeStore
        .getState()
        .appendConsole(
          summary.status === 'error' || summary.status === 'crashed' ? 'error' : 'system',
          `■ Run ${describeEnd(summary)}`,
        );
    }
  });
  if (isTerminal(summary.status)) {
    const list = waiters.get(summary.runId);
    waiters.delete(summary.runId);
    list?.forEach((resolve) => resolve(summary));
  }
}

function onMessage(runId: string, message: JsonMessage): void {
  routeOwnRun(runId, () => applyMessage(message));
}

function applyMessage(message: JsonMessage): void {
  const state = useRuntimeStore.getState();
  switch (message.type) {
    case 'hello':
      useRuntimeStore.setState({ hello: message });
      break;
    case 'log':
      state.appendConsole(message.level === 'warning' ? 'warning' : 'info', message.message);
      break;
    case 'error': {
      const where = message.line !== null ? ` (line ${message.line})` : '';
      const head = `${message.errorType}: ${message.message}${where}`;
      state.appendConsole(
        'error',
        message.traceback ? `${head}\n${message.traceback.trimEnd()}` : head,
      );
      const problem: Problem = {
        line: message.line,
        message: `${message.errorType}: ${message.message}`,
        severity: 'error',
        source: message.phase === 'syntax' ? 'syntax' : 'run',
      };
      useEditorStore.getState().setProblems([...useEditorStore.getState().problems, problem]);
      break;
    }
    default:
      break;
  }
}

/** Connects the store to the host's runtime events; call once at start-up. */
export function connectRuntime(host: PlatformHost): () => void {
  platform = host;
  const offs = [
    host.on('runtime.status', onStatus),
    host.on('runtime.message', ({ runId, message }) => onMessage(runId, message)),
    host.on('runtime.output', ({ runId, stream, text }) =>
      routeOwnRun(runId, () => {
        buffer.push(runId, stream, text);
        scheduleConsoleFlush();
      }),
    ),
  ];
  void useRuntimeStore.getState().refreshProbe();
  return () => {
    offs.forEach((off) => off());
    if (platform === host) platform = null;
  };
}

export function describeEnd(summary: RunSummary): string {
  const at = `at t = ${summary.simTime.toFixed(3)} s`;
  switch (summary.status) {
    case 'finished':
      return `finished ${at}${summary.reason ? ` (${summary.reason})` : ''}`;
    case 'limit':
      return `reached its limit ${at}${summary.reason ? `: ${summary.reason}` : ''}`;
    case 'stopped':
      return `stopped ${at}`;
    case 'error':
      return `failed ${at}${summary.error ? `: ${summary.error.errorType}: ${summary.error.message}` : summary.reason ? `: ${summary.reason}` : ''}`;
    case 'crashed':
      return `crashed ${at}${summary.reason ? `: ${summary.reason}` : ''}`;
    default:
      return summary.status;
  }
}

/** Clears everything between tests. */
export function resetRuntimeStore(): void {
  buffer.clear();
  latest.clear();
  waiters.clear();
  pendingEvents = null;
  ended.clear();
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  useRuntimeStore.setState({
    probe: null,
    probing: false,
    probeError: null,
    runId: null,
    summary: null,
    limits: null,
    hello: null,
    console: [],
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
