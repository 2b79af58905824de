// Composition of the host services: one object that answers every method of the contract
// and emits every event, whichever transport (IPC or serve) carries them.
import { join } from 'node:path';
import { isMethodName, parseParams, type HostApi, type MethodName } from '../common/contract';
import { ApiIndexService } from './api-index/api-index-service';
import { EventBus } from './events';
import type { Handlers } from './handlers';
import { LlmService } from './llm/llm-service';
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
  readonly apiIndex: ApiIndexService;
  dispose(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const bus = new EventBus();
  const settings = new SettingsService(join(options.userDataDir, 'settings.json'), bus);
  const disposers: Array<() => Promise<void> | void> = [];
  const runtime = new RuntimeService({
    bus,
    settings,
    env: options.env ?? process.env,
    pythonRuntimeDir: options.pythonRuntimeDir ?? defaultPythonRuntimeDir(),
    pythonPath: options.pythonPath,
  });
  disposers.push(() => runtime.dispose());
  const llm = new LlmService({
    userDataDir: options.userDataDir,
    bus,
    settings,
    env: options.env ?? process.env,
  });
  disposers.push(() => llm.dispose());
  // The probe's index of the installed pychrono will come through installedIndexPath.
  const apiIndex = new ApiIndexService();

  // Each service contributes its part of the contract; every method must be answered.
  const handlers: Partial<Handlers> = {
    ...settings.handlers(),
    ...runtime.handlers(),
    ...llm.handlers(),
    ...apiIndex.handlers(),
  };

  return {
    bus,
    settings,
    runtime,
    apiIndex,
    async invoke(name, params) {
      if (!isMethodName(name)) throw new Error(`Unknown method ${String(name)}`);
      const handler = handlers[name as MethodName] as
        ((p: unknown) => Promise<unknown> | unknown) | undefined;
      if (!handler) throw new Error(`Method ${name} is not available`);
      return (await handler(parseParams(name, params))) as never;
    },
    subscribe: bus.subscribe,
    async dispose() {
      for (const dispose of disposers.reverse()) await dispose();
    },
  };
}
