// The host contract: every method the renderer may call, with its validated params and
// its result, and every event the host may send. Both transports (IPC and serve) are
// generated from this one table.
import type { z } from 'zod';
import { apiIndexMethods, type ApiIndexResults } from './api-index';
import type { MethodTable } from './define';
import { evalMethods, type EvalEvents, type EvalResults } from './eval';
import { llmMethods, type LlmEvents, type LlmResults } from './llm';
import { repairMethods, type RepairEvents, type RepairResults } from './repair';
import { projectsMethods, type ProjectsEvents, type ProjectsResults } from './projects';
import { recordingsMethods, type RecordingsEvents, type RecordingsResults } from './recordings';
import { reviewMethods, type ReviewEvents, type ReviewResults } from './review';
import { runtimeMethods, type RuntimeEvents, type RuntimeResults } from './runtime';
import { runtimesMethods, type RuntimesEvents, type RuntimesResults } from './runtimes';
import { settingsMethods, type SettingsEvents, type SettingsResults } from './settings';

export const methodSchemas = {
  ...settingsMethods,
  ...runtimeMethods,
  ...runtimesMethods,
  ...llmMethods,
  ...repairMethods,
  ...projectsMethods,
  ...apiIndexMethods,
  ...recordingsMethods,
  ...reviewMethods,
  ...evalMethods,
};

type Schemas = typeof methodSchemas;
type Results = SettingsResults &
  RuntimeResults &
  RuntimesResults &
  LlmResults &
  RepairResults &
  ProjectsResults &
  ApiIndexResults &
  RecordingsResults &
  ReviewResults &
  EvalResults;

export type Methods = MethodTable<Schemas, Results>;
export type MethodName = keyof Methods & string;
/** What a caller sends. */
export type Params<K extends MethodName> = Methods[K]['params'];
/** What a handler receives: validated, with the schema's defaults filled in. */
export type ParsedParams<K extends MethodName> = Methods[K]['parsed'];
export type Result<K extends MethodName> = Methods[K]['result'];

export type HostEvents = SettingsEvents &
  RuntimeEvents &
  RuntimesEvents &
  LlmEvents &
  RepairEvents &
  ProjectsEvents &
  RecordingsEvents &
  ReviewEvents &
  EvalEvents;
export type EventName = keyof HostEvents & string;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methodSchemas, name);
}

/** Validates a request's params; throws a readable error naming the method. */
export function parseParams<K extends MethodName>(name: K, params: unknown): ParsedParams<K> {
  const schema = methodSchemas[name] as z.ZodTypeAny;
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid request ${name}: ${issue?.path.join('.') || 'params'} ${issue?.message}`,
    );
  }
  return parsed.data as ParsedParams<K>;
}

export type HostEventListener = <E extends EventName>(name: E, payload: HostEvents[E]) => void;

/**
 * Who is asking: a window over IPC, a connection over WebSocket, a CLI call. Runs, chats,
 * repairs and pulls belong to their owner: its events reach only it, and only it can
 * control them.
 */
export interface Caller {
  readonly owner: string;
}

/** One owner's view of the host: its calls, and the events meant for it (its own and
 *  those sent to everyone). */
export interface HostClient {
  readonly owner: string;
  invoke<K extends MethodName>(name: K, params: Params<K>): Promise<Result<K>>;
  subscribe(listener: HostEventListener): () => void;
  /** The owner has gone (window closed, socket dropped, CLI done): its runs and requests end. */
  close(): Promise<void>;
}

/** What a transport needs from the host: a client per owner. */
export interface HostApi {
  connect(owner: string): HostClient;
}

export type { Settings } from './settings';
export type { RuntimeProbe, RunStarted, RunSummary, RunStatus } from './runtime';
export type { ApiIndex } from './api-index';
