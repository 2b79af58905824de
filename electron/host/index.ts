// Composition of the host services: one object that answers every method of the contract
// for each owner that connects (a window, a WebSocket connection, a CLI call), and routes
// every event to the owner it belongs to, whichever transport (IPC or serve) carries it.
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  isMethodName,
  parseParams,
  type Caller,
  type HostApi,
  type HostClient,
  type MethodName,
} from '../common/contract';
import { ApiIndexService } from './api-index/api-index-service';
import { version as twinforgeVersion } from '../../package.json';
import { EvalService } from './eval/eval-service';
import { EventBus } from './events';
import { atomicWriter } from './files/atomic-write';
import type { Handlers } from './handlers';
import { LlmService } from './llm/llm-service';
import { RepairService } from './repair/repair-service';
import { ReviewService } from './review/review-service';
import { ApiIntrospection } from './runtime/api-introspection';
import { bridgeEnv } from './runtime/child-env';
import { BackupService } from './projects/backups';
import { ProjectPaths } from './projects/project-paths';
import { ProjectService } from './projects/project-service';
import type { IsolationChoices } from './runtime/isolation';
import { RecordingsService } from './recordings/recordings-service';
import { RunRecorder } from './recordings/run-recorder';
import { defaultPythonRuntimeDir } from './runtime/python-runtime-dir';
import { RuntimeService } from './runtime/runtime-service';
import { RuntimeManager } from './runtimes/runtime-manager';
import { SettingsService } from './settings/settings-service';

export interface HostOptions {
  /** Where settings, projects and recordings of this user live. */
  userDataDir: string;
  /** Environment to read (TWINFORGE_PYTHON, OLLAMA_HOST, ...); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The folder holding the bridge package; found beside the app or the checkout by default. */
  pythonRuntimeDir?: string;
  /** A Python interpreter that overrides the setting and discovery (the CLI's --python). */
  pythonPath?: string;
  /**
   * The folders callers may name paths in (serve's `--projects-root`, the user's home by
   * default there): projects, task sets, results, API documents, packs. Null or left out:
   * anywhere, for the desktop app, whose user picks paths in the OS's dialogs, and the CLI.
   */
  projectsRoots?: readonly string[] | null;
  /** Where runs get their scratch folders; the OS temp folder by default. */
  scratchRoot?: string;
  /** Features of run isolation to leave unused (tests exercise the fallbacks). */
  isolation?: IsolationChoices;
  /** Folders searched for runtime packs shipped with the app; found beside it by default. */
  runtimePackDirs?: string[];
}

export interface Host extends HostApi {
  readonly bus: EventBus;
  readonly settings: SettingsService;
  readonly runtime: RuntimeService;
  readonly runtimes: RuntimeManager;
  readonly llm: LlmService;
  readonly repair: RepairService;
  readonly review: ReviewService;
  readonly evals: EvalService;
  /** The index of the probed interpreter's own pychrono API (`installedIndexPath(probe)`). */
  readonly apiIntrospection: ApiIntrospection;
  readonly projects: ProjectService;
  readonly backups: BackupService;
  readonly apiIndex: ApiIndexService;
  /** Records the runs started with a project id into that project. */
  readonly recorder: RunRecorder;
  readonly recordings: RecordingsService;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const bus = new EventBus();
  const env = options.env ?? process.env;
  const settings = new SettingsService(join(options.userDataDir, 'settings.json'), bus);
  const pythonRuntimeDir = options.pythonRuntimeDir ?? defaultPythonRuntimeDir();
  const projectsRoots = options.projectsRoots ?? null;
  const projects = new ProjectService({ userDataDir: options.userDataDir, bus, projectsRoots });
  // The paths callers name for evaluations, reviews and runtime installs: in serve, under the
  // projects root or the host's own folders (the default results and runtimes), like projects.
  const hostPaths = new ProjectPaths(
    projectsRoots,
    ['projects', 'evals', 'runtimes'].map((dir) => join(options.userDataDir, dir)),
    homedir(),
  );
  const recorder = new RunRecorder({ bus, settings, projects, twinforge: twinforgeVersion });
  const recordings = new RecordingsService({
    bus,
    projects,
    isRecording: (path) => recorder.isRecording(path),
    twinforge: twinforgeVersion,
  });
  const runtimes: RuntimeManager = new RuntimeManager({
    userDataDir: options.userDataDir,
    bus,
    settings,
    env,
    pythonRuntimeDir,
    pythonOverride: options.pythonPath,
    packDirs: options.runtimePackDirs,
    pythonsInUse: () => runtime.activePythons(),
    paths: hostPaths,
  });
  const runtime = new RuntimeService({
    bus,
    settings,
    env,
    pythonRuntimeDir,
    pythonPath: options.pythonPath,
    scratchRoot: options.scratchRoot,
    isolation: options.isolation,
    selectedRuntime: () => runtimes.selectedRuntime(),
    recorder,
  });
  const apiIntrospection = new ApiIntrospection({
    cacheDir: join(options.userDataDir, 'api-index'),
    env: bridgeEnv(env, pythonRuntimeDir),
    pythonRuntimeDir,
  });
  const llm = new LlmService({
    bus,
    settings,
    env,
    // A request that asks for grounding hears what the caller's run did and today's API.
    grounding: {
      runContext: (runId, caller) => runtime.runContext(runId, caller),
      apiModel: () => apiIndex.model(),
    },
  });
  const repair = new RepairService({ bus, settings, llm, runtime });
  const backups = new BackupService({
    dir: join(options.userDataDir, 'backups'),
    describeProject: (projectId) => projects.describe(projectId),
  });
  // The lint and completions use the installed pychrono's own index when the probe finds
  // one (built once per interpreter and build), else the bundled index of 9.0.1.
  const apiIndex = new ApiIndexService({
    installedIndexPath: async () => apiIntrospection.installedIndexPath(await runtime.probe()),
  });
  const review = new ReviewService({ bus, settings, llm, runtime, paths: hostPaths });
  const evals = new EvalService({
    bus,
    llm,
    runtime,
    userDataDir: options.userDataDir,
    paths: hostPaths,
  });
  // Disposed last to first: the evaluations stop (and save) before the services they use.
  const disposers: Array<() => Promise<void> | void> = [
    () => review.dispose(),
    () => repair.dispose(),
    () => runtimes.dispose(),
    // Listed before the runtime, so (in reverse) its recordings finish after the runs stop.
    () => recorder.dispose(),
    () => runtime.dispose(),
    () => llm.dispose(),
    () => projects.dispose(),
    () => atomicWriter.idle(),
    () => evals.dispose(),
  ];

  // Each service contributes its part of the contract; together they answer every method.
  const handlers = {
    ...settings.handlers(),
    ...runtime.handlers(),
    ...runtimes.handlers(),
    ...llm.handlers(),
    ...repair.handlers(),
    ...projects.handlers(),
    ...backups.handlers(),
    ...apiIndex.handlers(),
    ...recordings.handlers(),
    ...review.handlers(),
    ...evals.handlers(),
  } satisfies Handlers;

  async function invoke(name: string, params: unknown, caller: Caller): Promise<unknown> {
    if (!isMethodName(name)) throw new Error(`Unknown method ${String(name)}`);
    const handler = handlers[name as MethodName] as (
      p: unknown,
      c: Caller,
    ) => Promise<unknown> | unknown;
    return handler(parseParams(name, params), caller);
  }

  const clients = new Set<HostClient>();

  return {
    bus,
    settings,
    runtime,
    runtimes,
    llm,
    repair,
    review,
    evals,
    apiIntrospection,
    projects,
    backups,
    apiIndex,
    recorder,
    recordings,
    connect(owner) {
      const caller: Caller = { owner };
      const unsubscribes = new Set<() => void>();
      const client: HostClient = {
        owner,
        invoke: (name, params) => invoke(name, params, caller) as never,
        subscribe(listener) {
          const off = bus.subscribe(listener, owner);
          unsubscribes.add(off);
          return () => {
            off();
            unsubscribes.delete(off);
          };
        },
        async close() {
          if (!clients.delete(client)) return;
          for (const off of unsubscribes) off();
          unsubscribes.clear();
          review.release(owner);
          repair.release(owner);
          evals.release(owner);
          llm.release(owner);
          backups.release(owner);
          await projects.release(owner);
          await Promise.all([runtime.release(owner), runtimes.release(owner)]);
        },
      };
      clients.add(client);
      return client;
    },
    async dispose() {
      await Promise.all([...clients].map((client) => client.close()));
      for (const dispose of disposers.reverse()) await dispose();
    },
  };
}
