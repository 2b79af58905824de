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
import { EvalService } from './eval/eval-service';
import { EventBus } from './events';
import type { Handlers } from './handlers';
import { LlmService } from './llm/llm-service';
import { RepairService } from './repair/repair-service';
import { ApiIntrospection } from './runtime/api-introspection';
import { bridgeEnv } from './runtime/child-env';
import { defaultPythonRuntimeDir } from './runtime/python-runtime-dir';
import { RuntimeService } from './runtime/runtime-service';
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
}

export interface Host extends HostApi {
  readonly bus: EventBus;
  readonly settings: SettingsService;
  readonly runtime: RuntimeService;
  readonly llm: LlmService;
  readonly repair: RepairService;
  readonly evals: EvalService;
  /** The index of the probed interpreter's own pychrono API (`installedIndexPath(probe)`). */
  readonly apiIntrospection: ApiIntrospection;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const bus = new EventBus();
  const env = options.env ?? process.env;
  const settings = new SettingsService(join(options.userDataDir, 'settings.json'), bus);
  const pythonRuntimeDir = options.pythonRuntimeDir ?? defaultPythonRuntimeDir();
  const runtime = new RuntimeService({
    bus,
    settings,
    env,
    pythonRuntimeDir,
    pythonPath: options.pythonPath,
  });
  const apiIntrospection = new ApiIntrospection({
    cacheDir: join(options.userDataDir, 'api-index'),
    env: bridgeEnv(env, pythonRuntimeDir),
    pythonRuntimeDir,
  });
  const llm = new LlmService({ userDataDir: options.userDataDir, bus, settings, env });
  const repair = new RepairService({ bus, settings, llm, runtime });
  const evals = new EvalService({ bus, llm, runtime, userDataDir: options.userDataDir });
  // Disposed last to first: the evaluations stop (and save) before the services they use.
  const disposers: Array<() => Promise<void> | void> = [
    () => repair.dispose(),
    () => runtime.dispose(),
    () => llm.dispose(),
    () => evals.dispose(),
  ];

  // Each service contributes its part of the contract; together they answer every method.
  const handlers = {
    ...settings.handlers(),
    ...runtime.handlers(),
    ...llm.handlers(),
    ...repair.handlers(),
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
    llm,
    repair,
    evals,
    apiIntrospection,
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
          repair.release(owner);
          evals.release(owner);
          llm.release(owner);
          await runtime.release(owner);
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
