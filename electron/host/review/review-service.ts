// The review service: answers `review.*`. A compare runs the twin and its reference at once
// with the same limits, in the caller's lanes `twin` and `reference` (so the caller's views
// show both live), records both runs from the host's event bus, and meanwhile scores the
// code (CodeBLEU and ROUGE as SimBench computes them) and asks the rubric judge; then it
// diffs the two scenes and measures the gap between the two motions. A part that cannot be
// made (a run fails, the judge's server is down) is said in the report; the other parts
// are still there. The CLI and the UI use this one service.
import { readFile, stat } from 'node:fs/promises';
import type { Caller } from '../../common/contract';
import type {
  JudgeOptions,
  JudgeReport,
  ReviewCompareRequest,
  ReviewEvent,
  ReviewJudgeRequest,
  ReviewReport,
  ReviewRun,
  ReviewScript,
  ReviewSideName,
  SimilarityReport,
} from '../../common/contract/review';
import type { RunSummary } from '../../common/contract/runtime';
import type { Settings } from '../../common/contract/settings';
import { summariseJudgeRuns } from '../../common/review/judge';
import { diffScenes, type SceneDiff } from '../../common/review/scene-diff';
import type { PythonParser } from '../../common/review/similarity';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import { anywhere, type PathGate } from '../projects/project-paths';
import type { LlmService } from '../llm/llm-service';
import { loadJudgeResources, type JudgeResources } from '../llm/prompt-resources';
import type { RuntimeService } from '../runtime/runtime-service';
import { gapOf } from './gap-report';
import { itemFacts } from './item-facts';
import { JUDGE_CHAT_SAMPLING, runJudge } from './judge-runner';
import { loadPythonParser } from './python-parser';
import { RunRecorder, type RunRecording } from './run-recorder';
import { reviewSimilarity } from './similarity-report';
import { DEFAULT_SAMPLE_BUDGET } from './track-builder';
import { listTasks, readTaskTurn } from './simbench-tasks';

export interface ReviewServiceOptions {
  bus: EventBus;
  settings: { get(): Promise<Settings> };
  llm: Pick<LlmService, 'plainChat' | 'abort'>;
  runtime: Pick<RuntimeService, 'start' | 'waitForRun' | 'handlers'>;
  resourcesDir?: string;
  /** Samples kept per run for the gap (numbers); see track-builder.ts. */
  sampleBudget?: number;
  /** Where callers may read task folders and API documents (serve: the projects root). */
  paths?: PathGate;
}

type ReviewMethod =
  'review.compare' | 'review.judge' | 'review.cancel' | 'review.tasks' | 'review.task';

/** The largest API document read for the judge. */
const MAX_DOCUMENT_BYTES = 2_000_000;

interface Request {
  owner: string;
  controller: AbortController;
  /** A compare plays in the owner's twin and reference lanes: one at a time per owner. */
  lanes: boolean;
}

export class ReviewService {
  private readonly requests = new Map<string, Request>();
  private parser: Promise<PythonParser> | null = null;
  private judgeResources: JudgeResources | null = null;

  private readonly paths: PathGate;

  constructor(private readonly options: ReviewServiceOptions) {
    this.paths = options.paths ?? anywhere;
  }

  handlers(): Handlers<ReviewMethod> {
    const emitTo = (caller: Caller, requestId: string) => (event: ReviewEvent) =>
      this.options.bus.emit('review.event', { requestId, event }, caller.owner);
    return {
      'review.compare': (request, caller) =>
        this.compare(request, caller, emitTo(caller, request.requestId)),
      'review.judge': (request, caller) =>
        this.judge(request, caller, emitTo(caller, request.requestId)),
      'review.cancel': ({ requestId }, caller) => ({ ok: this.cancel(requestId, caller) }),
      'review.tasks': async ({ dir }) => listTasks(await this.paths.confine(dir)),
      'review.task': async ({ dir, task, turn }) =>
        readTaskTurn(await this.paths.confine(dir), task, turn),
    };
  }

  /** The whole review; `onEvent` hears each part as it is ready. */
  async compare(
    request: ReviewCompareRequest,
    caller: Caller,
    onEvent: (event: ReviewEvent) => void,
  ): Promise<ReviewReport> {
    const started = Date.now();
    // A new compare replaces the owner's running one: both would play in the same lanes.
    for (const [id, other] of this.requests) {
      if (other.owner === caller.owner && other.lanes) this.cancel(id, caller);
    }
    const signal = this.begin(request.requestId, caller, true);
    const notes: string[] = [];
    const note = (text: string) => {
      notes.push(text);
      onEvent({ type: 'note', text });
    };
    try {
      const settings = await this.options.settings.get();
      const limits = {
        simTime: request.limits?.simTime ?? settings.runSimTime,
        wallTime: request.limits?.wallTime ?? settings.runWallTime,
        sampleDt: settings.sampleDt,
      };
      const runs = request.run ? this.runBoth(request, limits, caller, onEvent, signal) : null;
      // The code is scored while the scripts run.
      const similarity = await this.similarity(request.twin, request.reference).then(
        (s) => {
          onEvent({ type: 'similarity', similarity: s, error: null });
          return s;
        },
        (err: Error) => {
          const message = `The similarity could not be computed: ${err.message}`;
          onEvent({ type: 'similarity', similarity: null, error: message });
          notes.push(message);
          return null;
        },
      );
      const judging = request.judge
        ? this.judgeNow(
            request.requestId,
            request.twin,
            request.reference,
            request.judge,
            caller,
            onEvent,
            signal,
          )
        : Promise.resolve(null);
      const [ran, judge] = await Promise.all([runs, judging]);

      let scene: SceneDiff | null = null;
      let items: ReviewReport['items'] = null;
      let systems: ReviewReport['systems'] = null;
      let gap: ReviewReport['gap'] = null;
      if (!ran) {
        note('The scripts were not run: the report has no scene diff and no trajectory gap.');
      } else {
        for (const side of ['twin', 'reference'] as const) {
          const error = ran[side].run.error;
          if (error) note(`The ${side}'s run did not get through: ${error}`);
        }
        const twinScene = ran.twin.recording?.scene() ?? null;
        const refScene = ran.reference.recording?.scene() ?? null;
        if (twinScene && refScene) {
          scene = diffScenes(twinScene, refScene);
          items = {
            twin: itemFacts(twinScene, request.twin.script),
            reference: itemFacts(refScene, request.reference.script),
          };
          systems = { twin: twinScene.system, reference: refScene.system };
          onEvent({ type: 'scene', scene, items, systems });
          gap = gapOf(
            ran.twin.recording?.tracks.bodyTracks() ?? [],
            ran.reference.recording?.tracks.bodyTracks() ?? [],
            scene.pairs,
            items,
            gapNotes(
              ran.twin.recording,
              ran.reference.recording,
              this.options.sampleBudget ?? DEFAULT_SAMPLE_BUDGET,
            ),
          );
          onEvent({ type: 'gap', gap });
        } else {
          const none = [!twinScene && 'the twin', !refScene && 'the reference'].filter(Boolean);
          note(
            `No scene came from ${none.join(' or ')}: the report has no scene diff and no trajectory gap.`,
          );
        }
      }
      const report: ReviewReport = {
        requestId: request.requestId,
        createdAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        status: signal.aborted ? 'stopped' : 'done',
        twin: {
          scriptPath: request.twin.scriptPath ?? null,
          lines: lineCount(request.twin.script),
          run: ran?.twin.run ?? null,
        },
        reference: {
          scriptPath: request.reference.scriptPath ?? null,
          lines: lineCount(request.reference.script),
          run: ran?.reference.run ?? null,
        },
        limits: ran ? limits : null,
        similarity,
        scene,
        items,
        systems,
        gap,
        judge,
        notes,
      };
      onEvent({ type: 'done', report });
      return report;
    } finally {
      this.requests.delete(request.requestId);
    }
  }

  /** The judge alone (asked again, or N more times). */
  async judge(
    request: ReviewJudgeRequest,
    caller: Caller,
    onEvent: (event: ReviewEvent) => void,
  ): Promise<JudgeReport> {
    const signal = this.begin(request.requestId, caller, false);
    try {
      return await this.judgeNow(
        request.requestId,
        request.twin,
        request.reference,
        request.judge,
        caller,
        onEvent,
        signal,
      );
    } finally {
      this.requests.delete(request.requestId);
    }
  }

  cancel(requestId: string, caller: Caller): boolean {
    const request = this.requests.get(requestId);
    if (request?.owner !== caller.owner) return false;
    request.controller.abort();
    return true;
  }

  /** The owner has gone: its reviews stop. */
  release(owner: string): void {
    for (const request of this.requests.values()) {
      if (request.owner === owner) request.controller.abort();
    }
  }

  dispose(): void {
    for (const request of this.requests.values()) request.controller.abort();
  }

  /** The similarity of the twin to the reference, on the texts SimBench compares. */
  async similarity(twin: ReviewScript, reference: ReviewScript): Promise<SimilarityReport> {
    this.parser ??= loadPythonParser().catch((err: Error) => {
      this.parser = null;
      throw err;
    });
    return reviewSimilarity(twin, reference, await this.parser);
  }

  private begin(requestId: string, caller: Caller, lanes: boolean): AbortSignal {
    if (this.requests.has(requestId)) {
      throw new Error(`A review with the id ${requestId} is already running`);
    }
    const controller = new AbortController();
    this.requests.set(requestId, { owner: caller.owner, controller, lanes });
    return controller.signal;
  }

  /** Both runs at once; each ends (or fails to start) without holding the other back. */
  private async runBoth(
    request: ReviewCompareRequest,
    limits: { simTime: number; wallTime: number },
    caller: Caller,
    onEvent: (event: ReviewEvent) => void,
    signal: AbortSignal,
  ) {
    const recorder = new RunRecorder(this.options.bus, caller.owner, this.options.sampleBudget);
    const { runtime } = this.options;
    const stop = (runId: string) =>
      void runtime.handlers()['runtime.control']({ runId, cmd: 'stop' }, caller);
    try {
      const start = async (side: ReviewSideName, script: ReviewScript) => {
        try {
          const { runId } = await runtime.start(
            {
              script: script.script,
              scriptPath: script.scriptPath ?? null,
              limits: { simTime: limits.simTime, wallTime: limits.wallTime },
              lane: side,
            },
            caller,
          );
          onEvent({ type: 'run-start', side, runId });
          return { runId, error: null };
        } catch (err) {
          return { runId: null, error: `it could not start: ${(err as Error).message}` };
        }
      };
      const [twinStart, refStart] = await Promise.all([
        start('twin', request.twin),
        start('reference', request.reference),
      ]);
      const ids = [twinStart.runId, refStart.runId].filter((id): id is string => id !== null);
      const taken = recorder.take(...ids);
      const recordings = new Map(ids.map((id, i) => [id, taken[i]]));
      const onAbort = () => ids.forEach(stop);
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort);
      const finish = async (
        side: ReviewSideName,
        begun: { runId: string | null; error: string | null },
      ): Promise<{ run: ReviewRun; recording: RunRecording | null }> => {
        let run: ReviewRun;
        if (begun.runId === null) run = { runId: null, summary: null, error: begun.error };
        else {
          const summary = await runtime.waitForRun(begun.runId, caller);
          run = { runId: begun.runId, summary, error: runProblem(summary) };
        }
        onEvent({ type: 'run-end', side, run });
        return { run, recording: begun.runId ? (recordings.get(begun.runId) ?? null) : null };
      };
      try {
        const [twin, reference] = await Promise.all([
          finish('twin', twinStart),
          finish('reference', refStart),
        ]);
        return { twin, reference };
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      recorder.close();
    }
  }

  private async judgeNow(
    requestId: string,
    twin: ReviewScript,
    reference: ReviewScript,
    options: JudgeOptions,
    caller: Caller,
    onEvent: (event: ReviewEvent) => void,
    signal: AbortSignal,
  ): Promise<JudgeReport> {
    const model = options.model?.trim() || (await this.options.settings.get()).model.trim();
    const judged = { ...options, model };
    let apiDocument: { text: string; source: string } | null = null;
    let problem: string | null = null;
    try {
      this.judgeResources ??= loadJudgeResources(this.options.resourcesDir);
      if (options.mode !== 'reference')
        apiDocument = await this.apiDocument(options.apiDocumentPath);
    } catch (err) {
      problem = (err as Error).message;
    }
    if (problem || !this.judgeResources) {
      const report: JudgeReport = {
        model,
        mode: options.mode,
        repeats: options.repeats,
        apiDocument: null,
        taskPrompt: Boolean(options.taskPrompt?.trim()),
        runs: [],
        summary: summariseJudgeRuns([]),
        error: problem ?? 'The judge prompt could not be loaded.',
        stopped: false,
      };
      onEvent({ type: 'judge-done', judge: report });
      return report;
    }
    const { llm } = this.options;
    return runJudge(
      {
        requestId,
        options: judged,
        answer: twin.script,
        reference: reference.script,
        apiDocument,
        templates: this.judgeResources.templates,
      },
      {
        chat: (request) => llm.plainChat({ ...request, sampling: JUDGE_CHAT_SAMPLING }, caller),
        abort: (chatRequestId) => void llm.abort(chatRequestId, caller),
      },
      onEvent,
      signal,
    );
  }

  /** The judge's API document: the user's file, or TwinForge's PyChrono notes. */
  private async apiDocument(
    path: string | null | undefined,
  ): Promise<{ text: string; source: string }> {
    if (!path) {
      return {
        text: (this.judgeResources as JudgeResources).apiDocument,
        source: 'TwinForge PyChrono notes',
      };
    }
    let text: string;
    try {
      path = await this.paths.confine(path);
      const info = await stat(path);
      if (info.size > MAX_DOCUMENT_BYTES) {
        throw new Error(`it is ${(info.size / 1e6).toFixed(1)} MB (at most 2 MB is read)`);
      }
      text = await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(
        `The API document ${path} could not be read: ${code === 'ENOENT' ? 'there is no such file' : (err as Error).message}.`,
      );
    }
    if (!text.trim()) throw new Error(`The API document ${path} is empty.`);
    return { text, source: path };
  }
}

function lineCount(script: string): number {
  return script ? script.split(/\r\n|\r|\n/).length : 0;
}

/** Why a run did not get through, in one line; null when it finished or reached a limit. */
export function runProblem(summary: RunSummary): string | null {
  switch (summary.status) {
    case 'finished':
    case 'limit':
      return null;
    case 'error': {
      const e = summary.error;
      if (!e) return summary.reason || 'the script failed';
      const line = e.line !== null ? ` (line ${e.line})` : '';
      return `${e.errorType}: ${e.message.trim().split('\n').pop() ?? e.message}${line}`;
    }
    case 'crashed':
      return `it crashed${summary.reason ? `: ${summary.reason}` : ''}`;
    case 'stopped':
      return `it was stopped at t = ${summary.simTime.toFixed(3)} s`;
    default:
      return `it ended as ${summary.status}`;
  }
}

function gapNotes(
  twin: RunRecording | null,
  reference: RunRecording | null,
  budget: number,
): string[] {
  const notes: string[] = [];
  for (const [side, recording] of [
    ['twin', twin],
    ['reference', reference],
  ] as const) {
    if (!recording) continue;
    if (recording.tracks.cutAt !== null) {
      notes.push(
        `The ${side}'s samples were kept up to t = ${recording.tracks.cutAt.toFixed(3)} s only ` +
          `(the review keeps at most ${Math.round((budget * 8) / 2 ** 20)} MiB of samples per run).`,
      );
    }
    if (recording.badFrames > 0) {
      notes.push(
        `${recording.badFrames} frames of the ${side}'s run could not be read and were skipped.`,
      );
    }
  }
  return notes;
}
