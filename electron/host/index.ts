// Composition of the host services: one object that answers every method of the contract
// for each owner that connects (a window, a WebSocket connection, a CLI call), and routes
// every event to the owner it belongs to, whichever transport (IPC or serve) carries it.
import { join } from 'node:path';
import {
  isMethodName,
  parseParams,
  type Caller,
  type HostApi,
  type HostClient,
  type MethodName,
} from '../common/contract';
import { EventBus } from './events';
import type { Handlers } from './handlers';
import { LlmService } from './llm/llm-service';
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
  /** Folders searched for runtime packs shipped with the app; found beside it by default. */
  runtimePackDirs?: string[];
}

export interface Host extends HostApi {
  readonly bus: EventBus;
  readonly settings: SettingsService;
  readonly runtime: RuntimeService;
  readonly runtimes: RuntimeManager;
  readonly llm: LlmService;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const bus = new EventBus();
  const env = options.env ?? process.env;
  const settings = new SettingsService(join(options.userDataDir, 'settings.json'), bus);
  const pythonRuntimeDir = options.pythonRuntimeDir ?? defaultPythonRuntimeDir();
  const runtimes: RuntimeManager = new RuntimeManager({
    userDataDir: options.userDataDir,
    bus,
    settings,
    env,
    pythonRuntimeDir,
    pythonOverride: options.pythonPath,
    packDirs: options.runtimePackDirs,
    pythonsInUse: () => runtime.activePythons(),
  });
  const runtime = new RuntimeService({
    bus,
    settings,
    env,
    pythonRuntimeDir,
    pythonPath: options.pythonPath,
    selectedRuntime: () => runtimes.selectedRuntime(),
  });
  const llm = new LlmService({ userDataDir: options.userDataDir, bus, settings, env });
  const disposers: Array<() => Promise<void> | void> = [
    () => runtimes.dispose(),
    () => runtime.dispose(),
    () => llm.dispose(),
  ];

  // Each service contributes its part of the contract; together they answer every method.
  const handlers = {
    ...settings.handlers(),
    ...runtime.handlers(),
    ...runtimes.handlers(),
    ...llm.handlers(),
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
          llm.release(owner);
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
