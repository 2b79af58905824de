// The host contract: every method the renderer may call, with its validated params and
// its result, and every event the host may send. Both transports (IPC and serve) are
// generated from this one table.
import type { z } from 'zod';
import { apiIndexMethods, type ApiIndexResults } from './api-index';
import type { MethodTable } from './define';
import { llmMethods, type LlmEvents, type LlmResults } from './llm';
import { runtimeMethods, type RuntimeEvents, type RuntimeResults } from './runtime';
import { settingsMethods, type SettingsEvents, type SettingsResults } from './settings';

export const methodSchemas = {
  ...settingsMethods,
  ...runtimeMethods,
  ...llmMethods,
  ...apiIndexMethods,
};

type Schemas = typeof methodSchemas;
type Results = SettingsResults & RuntimeResults & LlmResults & ApiIndexResults;

export type Methods = MethodTable<Schemas, Results>;
export type MethodName = keyof Methods & string;
export type Params<K extends MethodName> = Methods[K]['params'];
export type Result<K extends MethodName> = Methods[K]['result'];

export type HostEvents = SettingsEvents & RuntimeEvents & LlmEvents;
export type EventName = keyof HostEvents & string;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methodSchemas, name);
}

/** Validates a request's params; throws a readable error naming the method. */
export function parseParams<K extends MethodName>(name: K, params: unknown): Params<K> {
  const schema = methodSchemas[name] as z.ZodTypeAny;
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid request ${name}: ${issue?.path.join('.') || 'params'} ${issue?.message}`,
    );
  }
  return parsed.data as Params<K>;
}

/** What a transport needs from the host: call a method, listen to every event. */
export interface HostApi {
  invoke<K extends MethodName>(name: K, params: Params<K>): Promise<Result<K>>;
  subscribe(listener: <E extends EventName>(name: E, payload: HostEvents[E]) => void): () => void;
}

export type { Settings } from './settings';
export type { RuntimeProbe, RunSummary, RunStatus } from './runtime';
export type { ApiIndex } from './api-index';
