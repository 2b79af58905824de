// One lane's run as the UI sees it: the run's id, the host's RunSummary (runtime.status
// events), the limits it runs with, the bridge's hello, its errors and its console, and the
// controls. The app makes one session per lane (twin, reference) and routes the lane's
// events here; toolbars, menus and the console read it from context.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  Params,
  RunStarted,
  RunStatus,
  RunSummary,
} from '../../../../electron/common/contract';
import type { ErrorMessage, HelloMessage, JsonMessage } from '../../../../electron/common/stream';
import type { PlatformHost } from '../../platform/types';
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

export interface RunState {
  /** The lane's latest run, or null before the first. */
  runId: string | null;
  summary: RunSummary | null;
  /** The limits it runs with (progress is simTime / limits.simTime). */
  limits: RunLimits | null;
  /** The script it runs, as the host started it. */
  script: string | null;
  scriptPath: string | null;
  hello: HelloMessage | null;
  /** The errors the run reported, in order (the editor shows the twin's as problems). */
  errors: ErrorMessage[];
  console: ConsoleEntry[];
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

const EMPTY: RunState = {
  runId: null,
  summary: null,
  limits: null,
  script: null,
  scriptPath: null,
  hello: null,
  errors: [],
  console: [],
};

/** How long console text waits to be shown: a chatty script must not re-render per line. */
const CONSOLE_FLUSH_MS = 40;

export class RunSession {
  readonly state: StoreApi<RunState> = createStore<RunState>(() => ({ ...EMPTY }));
  private readonly buffer = new ConsoleBuffer();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly waiters = new Map<string, Array<(summary: RunSummary) => void>>();
  /** Final summaries of recent runs, for a wait that starts after the end arrived. */
  private readonly ended = new Map<string, RunSummary>();

  /** @param recordInto the project this lane's runs are recorded into (null: none) */
  constructor(
    readonly lane: string,
    private readonly host: PlatformHost,
    private readonly recordInto: () => string | null = () => null,
  ) {}

  /** Starts a run in this lane (the host stops the lane's previous one); resolves with its id. */
  async run(
    script: string,
    options: { scriptPath?: string | null; limits?: RunLimits; label?: string } = {},
  ): Promise<string> {
    const params: Params<'runtime.start'> = {
      script,
      scriptPath: options.scriptPath ?? null,
      limits: options.limits ?? {},
      lane: this.lane,
      projectId: this.recordInto() ?? undefined,
    };
    this.appendConsole('system', `▶ Running ${options.label ?? 'script'}`);
    try {
      const { runId } = await this.host.invoke('runtime.start', params);
      return runId;
    } catch (error) {
      this.appendConsole('error', `The run could not start: ${messageOf(error)}`);
      throw error;
    }
  }

  /** Runs `script` and resolves with the final summary once it ends or crashes. */
  async runAndWait(
    script: string,
    options?: Parameters<RunSession['run']>[1],
  ): Promise<RunSummary> {
    return this.waitFor(await this.run(script, options));
  }

  waitFor(runId: string): Promise<RunSummary> {
    const known = this.ended.get(runId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.waiters.get(runId) ?? [];
      list.push(resolve);
      this.waiters.set(runId, list);
    });
  }

  async control(cmd: ControlCommand): Promise<void> {
    const { runId, summary } = this.state.getState();
    if (!runId || !isActive(summary)) return;
    const result = await this.host.invoke('runtime.control', { runId, cmd });
    if (!result.ok) this.appendConsole('warning', `The run did not accept “${cmd}”.`);
  }

  sendDriver(input: DriverInput): void {
    const { runId, summary } = this.state.getState();
    if (!runId || !isActive(summary)) return;
    this.host.invoke('runtime.driver', { runId, ...input }).catch((error: unknown) => {
      this.appendConsole('warning', `Driver input was not delivered: ${messageOf(error)}`);
    });
  }

  clearConsole(): void {
    this.buffer.clear();
    this.state.setState({ console: this.buffer.entries() });
  }

  appendConsole(kind: ConsoleKind, text: string): void {
    this.buffer.push(null, kind, text);
    this.scheduleConsoleFlush();
  }

  /** Shows pending console text right away. */
  flushConsole(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.state.setState({ console: this.buffer.entries() });
  }

  // ---- the lane's events, routed here by the app ----

  /** A run of this lane began (started here, or by the host's repair loop or review). */
  begin(started: RunStarted): void {
    this.state.setState({
      runId: started.runId,
      summary: startingSummary(started.runId, this.lane),
      limits: started.limits,
      script: started.script,
      scriptPath: started.scriptPath,
      hello: null,
      errors: [],
    });
  }

  onStatus(summary: RunSummary): void {
    const current = this.state.getState();
    if (summary.runId === current.runId) {
      this.state.setState({ summary });
      if (isTerminal(summary.status) && !this.ended.has(summary.runId)) {
        const failed = summary.status === 'error' || summary.status === 'crashed';
        this.appendConsole(failed ? 'error' : 'system', `■ Run ${describeEnd(summary)}`);
      }
    }
    if (isTerminal(summary.status)) {
      this.ended.set(summary.runId, summary);
      if (this.ended.size > 20) this.ended.delete(this.ended.keys().next().value as string);
      const list = this.waiters.get(summary.runId);
      this.waiters.delete(summary.runId);
      list?.forEach((resolve) => resolve(summary));
    }
  }

  onMessage(runId: string, message: JsonMessage): void {
    if (runId !== this.state.getState().runId) return;
    switch (message.type) {
      case 'hello':
        this.state.setState({ hello: message });
        break;
      case 'log':
        this.appendConsole(message.level === 'warning' ? 'warning' : 'info', message.message);
        break;
      case 'error': {
        const where = message.line !== null ? ` (line ${message.line})` : '';
        const head = `${message.errorType}: ${message.message}${where}`;
        this.appendConsole(
          'error',
          message.traceback ? `${head}\n${message.traceback.trimEnd()}` : head,
        );
        this.state.setState({ errors: [...this.state.getState().errors, message] });
        break;
      }
      default:
        break;
    }
  }

  onOutput(runId: string, stream: 'stdout' | 'stderr', text: string): void {
    if (runId !== this.state.getState().runId) return;
    this.buffer.push(runId, stream, text);
    this.scheduleConsoleFlush();
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private scheduleConsoleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flushConsole(), CONSOLE_FLUSH_MS);
  }
}

function startingSummary(runId: string, lane: string): RunSummary {
  return {
    runId,
    lane,
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
