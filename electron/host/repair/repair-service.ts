// The repair service: answers `repair.*` for each caller, runs the loop of repair-loop.ts
// with the host's own LLM and runtime services, and sends the loop's events to the caller
// alone. The CLI and the benchmark runner call `run` directly with their own listener.
import type { Caller } from '../../common/contract';
import type { RepairEvent, RepairRequest, RepairResult } from '../../common/contract/repair';
import type { Settings } from '../../common/contract/settings';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import type { LlmService } from '../llm/llm-service';
import type { RuntimeService } from '../runtime/runtime-service';
import { runRepairLoop, type LoopServices } from './repair-loop';

export interface RepairServiceOptions {
  bus: EventBus;
  settings: { get(): Promise<Settings> };
  llm: LlmService;
  runtime: RuntimeService;
}

interface Loop {
  owner: string;
  controller: AbortController;
}

export class RepairService {
  private readonly loops = new Map<string, Loop>();
  private readonly services: LoopServices;

  constructor(private readonly options: RepairServiceOptions) {
    const { llm, runtime } = options;
    this.services = {
      chat: (request, caller) => llm.chat(request, caller),
      abortChat: (requestId, caller) => void llm.abort(requestId, caller),
      startRun: (params, caller) => runtime.start(params, caller),
      waitForRun: (runId, caller) => runtime.waitForRun(runId, caller),
      stopRun: (runId, caller) =>
        void runtime.handlers()['runtime.control']({ runId, cmd: 'stop' }, caller),
    };
  }

  handlers(): Handlers<'repair.start' | 'repair.cancel'> {
    return {
      'repair.start': (request, caller) =>
        this.run(request, caller, (event) =>
          this.options.bus.emit(
            'repair.event',
            { requestId: request.requestId, event },
            caller.owner,
          ),
        ),
      'repair.cancel': ({ requestId }, caller) => ({ ok: this.cancel(requestId, caller) }),
    };
  }

  /** Runs one loop for the caller; `onEvent` hears every step. */
  async run(
    request: RepairRequest,
    caller: Caller,
    onEvent: (event: RepairEvent) => void,
  ): Promise<RepairResult> {
    if (this.loops.has(request.requestId)) {
      throw new Error(`A repair with the id ${request.requestId} is already running`);
    }
    const controller = new AbortController();
    this.loops.set(request.requestId, { owner: caller.owner, controller });
    try {
      const maxAttempts = request.maxAttempts ?? (await this.options.settings.get()).repairAttempts;
      return await runRepairLoop(
        request,
        maxAttempts,
        caller,
        this.services,
        onEvent,
        controller.signal,
      );
    } finally {
      this.loops.delete(request.requestId);
    }
  }

  cancel(requestId: string, caller: Caller): boolean {
    const loop = this.loops.get(requestId);
    if (loop?.owner !== caller.owner) return false;
    loop.controller.abort();
    return true;
  }

  /** The owner has gone: its loops stop. */
  release(owner: string): void {
    for (const loop of this.loops.values()) if (loop.owner === owner) loop.controller.abort();
  }

  dispose(): void {
    for (const loop of this.loops.values()) loop.controller.abort();
  }
}
