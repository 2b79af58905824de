// One evaluation, from `eval.start` to its end: checks what it needs (the task set, the
// runtime, the models on the server), plans the cells and leaves out those the results
// folder already holds, then runs the models one after another (unloading each before the
// next, so one model at a time holds the GPU), and judges the answers last with the judge
// model loaded once. Progress goes to the caller as `eval.progress`; every finished cell
// is on disk before the next starts, so stopping, a kill or a server that dies loses
// nothing but the cell in progress, and the same start resumes where it ended.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Caller } from '../../common/contract';
import type {
  EvalProgress,
  EvalStartRequest,
  EvalStarted,
  EvalState,
} from '../../common/contract/eval';
import {
  cellId,
  summariseCell,
  type CellKey,
  type CellRecord,
  type EvalSettings,
} from '../../common/eval/cell-record';
import type { PhysicsContract } from '../../common/eval/contracts/schema';
import { estimateEta } from '../../common/eval/progress';
import { cellRequest } from '../../common/eval/protocol';
import type { JudgeMode } from '../../common/review/judge';
import { extractPythonCode, type PythonParser } from '../../common/review/similarity';
import type { EventBus } from '../events';
import type { LlmService } from '../llm/llm-service';
import { loadJudgeResources } from '../llm/prompt-resources';
import { loadPythonParser } from '../review/python-parser';
import type { RuntimeService } from '../runtime/runtime-service';
import { CellCancelled, ServerGoneError, runCell, type AnsweredCell } from './cell-runner';
import { JudgeServerError, runJudge } from './judge-runner';
import { ResultsFolder } from './results-store';
import { RunCapture } from './run-capture';
import { findContract, listTasks, readTurn, type LoadedTask } from './task-set';

export interface EvalRunDeps {
  bus: EventBus;
  llm: LlmService;
  runtime: RuntimeService;
  userDataDir: string;
  contractsDir: string;
  resourcesDir?: string;
}

interface PlannedCell extends CellKey {
  info: LoadedTask;
}

/** Ollama reads `name` as `name:latest`. */
function sameModel(a: string, b: string): boolean {
  const full = (m: string) => (m.includes(':') ? m : `${m}:latest`);
  return a === b || full(a) === full(b);
}

export function defaultOutDir(userDataDir: string, tasksDir: string): string {
  return join(userDataDir, 'evals', basename(resolve(tasksDir)) || 'tasks');
}

export class EvalRun {
  readonly controller = new AbortController();
  readonly progress: EvalProgress;
  /** The owner of the evaluation's runs and chats: its own, so no window hears them. */
  private readonly worker: Caller = { owner: `eval:${randomUUID()}` };
  private readonly folder: ResultsFolder;
  private readonly started = Date.now();
  private cells: PlannedCell[] = [];
  private contracts = new Map<string, PhysicsContract | null>();
  private settings: EvalSettings | null = null;
  private parser: (PythonParser & { delete(): void }) | null = null;
  private readonly cellMs: number[] = [];
  /** The cell answered last, scored while the next one's model answers. */
  private pending: { cell: PlannedCell; answered: AnsweredCell } | null = null;
  private scoring: Promise<void> = Promise.resolve();
  /** The answers' code of this run, for the chain protocol before records are written. */
  private readonly codes = new Map<string, string | null>();
  private goneReason = '';
  private readonly judgeMs: number[] = [];

  constructor(
    readonly request: EvalStartRequest,
    readonly caller: Caller,
    private readonly deps: EvalRunDeps,
  ) {
    const outDir = resolve(request.outDir ?? defaultOutDir(deps.userDataDir, request.tasksDir));
    this.folder = new ResultsFolder(outDir);
    this.progress = {
      evalId: request.evalId,
      outDir,
      state: 'running',
      message: 'Preparing',
      model: null,
      task: null,
      turn: null,
      total: 0,
      done: 0,
      skipped: 0,
      failed: 0,
      judgeTotal: 0,
      judgeDone: 0,
      elapsedMs: 0,
      etaSeconds: null,
      etaPartial: false,
      missingModels: [],
      cell: null,
    };
  }

  get outDir(): string {
    return this.folder.dir;
  }

  /** Checks and plans; throws a readable message when the evaluation cannot start. */
  async prepare(): Promise<EvalStarted> {
    const r = this.request;
    const tasks = await listTasks(r.tasksDir, this.deps.contractsDir);
    const wanted = r.tasks ? new Set(r.tasks) : null;
    const unknownTasks = r.tasks?.filter((t) => !tasks.tasks.some((x) => x.name === t)) ?? [];
    const chosen = tasks.tasks.filter((t) => !wanted || wanted.has(t.name));
    if (chosen.length === 0) {
      throw new Error(
        wanted
          ? `None of the tasks named (${r.tasks!.join(', ')}) is a complete task in ${tasks.dir}.`
          : `${tasks.dir} holds no complete task (input1.txt and truth1.py at least).`,
      );
    }

    const probe = await this.deps.runtime.probe();
    if (!probe.python || !probe.pychronoFound) {
      throw new Error(probe.problem ?? 'PyChrono cannot be found: the answers could not run.');
    }

    let installed: string[];
    const provider = await this.deps.llm.provider();
    try {
      installed = (await provider.list()).map((m) => m.name);
    } catch (err) {
      throw new Error(
        `The model server at ${provider.url} does not answer: ${(err as Error).message}`,
      );
    }
    const has = (m: string) => installed.some((name) => sameModel(name, m));
    const missing = [...r.models, ...(r.judge ? [r.judge.model] : [])].filter((m) => !has(m));
    this.progress.missingModels = [...new Set(missing)];

    this.settings = await this.folder.prepare({
      tasksDir: tasks.dir,
      protocol: r.chain ? 'chain' : 'simbench',
      attempts: r.attempts,
      simTime: r.simTime,
      wallTime: r.wallTime,
    });
    for (const t of chosen) {
      this.contracts.set(
        t.name,
        (await findContract(t.name, t.dir, this.deps.contractsDir)).contract,
      );
    }

    const turns = [...new Set(r.turns)].sort();
    let skipped = 0;
    for (const model of r.models.filter(has)) {
      for (const info of chosen) {
        for (const turn of turns.filter((n) => info.turns.includes(n))) {
          const existing = await this.folder.readCell({ model, task: info.name, turn });
          if (
            existing?.status === 'evaluated' ||
            (existing?.status === 'failed' && !r.retryFailed)
          ) {
            skipped++;
            continue;
          }
          this.cells.push({ model, task: info.name, turn, info });
        }
      }
    }
    this.progress.total = this.cells.length;
    this.progress.skipped = skipped;
    if (r.judge && has(r.judge.model)) {
      const { records } = await this.folder.readAll();
      const waiting = records.filter((c) => this.needsJudge(c)).length;
      this.progress.judgeTotal = waiting + this.cells.length;
    }
    this.parser = await loadPythonParser();
    return {
      evalId: r.evalId,
      outDir: this.outDir,
      total: this.cells.length,
      skipped,
      missingModels: this.progress.missingModels,
      unknownTasks,
    };
  }

  /** Runs the planned cells, then the judge; ends in a final progress event, never throws. */
  async execute(): Promise<EvalProgress> {
    const capture = new RunCapture(this.deps.bus, this.worker.owner);
    const signal = this.controller.signal;
    let previousModel: string | null = null;
    try {
      for (const cell of this.cells) {
        if (signal.aborted) {
          await this.scorePending();
          return this.finish('stopped', this.stoppedMessage());
        }
        if (previousModel !== null && previousModel !== cell.model) {
          await this.unload(previousModel);
        }
        previousModel = cell.model;
        const outcome = await this.answerOne(cell, capture);
        // The cell before is scored by now (while this one's model was answering).
        await this.scorePending();
        if (typeof outcome === 'string') {
          return this.finish(
            outcome === 'stopped' ? 'stopped' : 'interrupted',
            outcome === 'stopped'
              ? this.stoppedMessage()
              : `The model server stopped answering (${this.goneReason}). ${this.progress.done} cells are saved: start the same evaluation again once it is back.`,
          );
        }
        this.pending = { cell, answered: outcome };
      }
      await this.scorePending();
      if (previousModel !== null && previousModel !== this.request.judge?.model) {
        await this.unload(previousModel);
      }
      const judged = await this.judgeAll();
      if (judged !== 'done') {
        return this.finish(judged === 'stopped' ? 'stopped' : 'interrupted', this.progress.message);
      }
      const failed = this.progress.failed ? `, ${this.progress.failed} could not be evaluated` : '';
      return this.finish('done', `Done: ${this.progress.done} cells evaluated${failed}.`);
    } catch (err) {
      return this.finish('failed', `The evaluation stopped on an error: ${(err as Error).message}`);
    } finally {
      capture.dispose();
      this.parser?.delete();
      await this.deps.runtime.release(this.worker.owner);
      this.deps.llm.release(this.worker.owner);
    }
  }

  private stoppedMessage(): string {
    return `Stopped: ${this.progress.done} of ${this.progress.total} cells done and saved; start the same evaluation again to resume.`;
  }

  /** Scores the answered cell waiting for it, once; later calls wait for the same work. */
  private scorePending(): Promise<void> {
    const pending = this.pending;
    if (pending) {
      this.pending = null;
      this.scoring = this.scoring.then(() => this.complete(pending.cell, pending.answered));
    }
    return this.scoring;
  }

  /** The model answers one cell and its runs are made; or why the evaluation cannot go on. */
  private async answerOne(
    cell: PlannedCell,
    capture: RunCapture,
  ): Promise<AnsweredCell | 'stopped' | 'gone'> {
    const settings = this.settings!;
    this.emit({
      model: cell.model,
      task: cell.task,
      turn: cell.turn,
      message: `${cell.model} · ${cell.task} turn ${cell.turn}: asking the model`,
      cell: null,
    });
    const key = { model: cell.model, task: cell.task, turn: cell.turn };
    const started = Date.now();
    try {
      const texts = await readTurn(cell.info.dir, cell.turn);
      const before = { ...key, turn: cell.turn - 1 };
      const previous =
        settings.protocol === 'chain' && cell.turn > 1
          ? (this.codes.get(cellId(before)) ??
            (await this.folder.readCell(before))?.answer?.code ??
            null)
          : null;
      const request = cellRequest(cell.turn, texts, settings.protocol, previous);
      const answered = await runCell(
        {
          key,
          category: cell.info.category,
          protocol: settings.protocol,
          request,
          reference: texts.reference,
          contract: this.contracts.get(cell.task)?.turns.get(cell.turn) ?? null,
          attempts: settings.attempts,
          limits: { simTime: settings.simTime, wallTime: settings.wallTime },
        },
        {
          llm: this.deps.llm,
          runtime: this.deps.runtime,
          parser: this.parser!,
          capture,
          folder: this.folder,
          // Once this cell's model streams, the cell before is scored meanwhile.
          onModelStreaming: () => void this.scorePending().catch(() => undefined),
        },
        this.worker,
        this.controller.signal,
      );
      this.codes.set(cellId(key), answered.code);
      return answered;
    } catch (err) {
      if (err instanceof CellCancelled) return 'stopped';
      if (err instanceof ServerGoneError) {
        this.goneReason = err.message;
        return 'gone';
      }
      const record = this.failedRecord(cell, (err as Error).message, Date.now() - started);
      return { code: null, score: async () => record };
    }
  }

  /** Scores an answered cell, saves its record and reports it. */
  private async complete(cell: PlannedCell, answered: AnsweredCell): Promise<void> {
    const where = `${cell.model} · ${cell.task} turn ${cell.turn}`;
    let record: CellRecord;
    try {
      record = await answered.score();
    } catch (err) {
      record = this.failedRecord(cell, `scoring failed: ${(err as Error).message}`, 0);
    }
    await this.folder.writeCell(record);
    this.progress.done++;
    if (record.status === 'failed') this.progress.failed++;
    else this.cellMs.push(record.timing.totalMs);
    if (record.status !== 'evaluated' && this.progress.judgeTotal > 0) this.progress.judgeTotal--;
    const outcome =
      record.status === 'failed'
        ? `could not be evaluated: ${record.error}`
        : record.passK
          ? record.pass1
            ? 'runs'
            : 'runs after repair'
          : record.answer?.code
            ? 'fails'
            : 'no code in the answer';
    this.emit({ message: `${where}: ${outcome}`, cell: summariseCell(record) });
    const next = this.cells[this.progress.done];
    if (!next || next.model !== cell.model) await this.writeResults();
  }

  private failedRecord(cell: PlannedCell, error: string, totalMs: number): CellRecord {
    return {
      format: 'twinforge-eval-cell/1',
      model: cell.model,
      task: cell.task,
      turn: cell.turn,
      category: cell.info.category,
      status: 'failed',
      error,
      protocol: this.settings!.protocol,
      start: cell.turn === 1 ? 'prompt' : 'pyinput',
      prompt: '',
      startScript: null,
      answer: null,
      compile: false,
      pass1: false,
      passK: false,
      attempts: this.settings!.attempts,
      runs: [],
      repairedScript: null,
      similarity: null,
      judge: null,
      contract: null,
      contractRepaired: null,
      timing: { totalMs, modelMs: 0, simulationMs: 0, overheadMs: totalMs, scoringMs: 0 },
      finishedAt: new Date().toISOString(),
    };
  }

  private needsJudge(record: CellRecord): boolean {
    const judge = this.request.judge;
    if (!judge || record.status !== 'evaluated' || !this.request.models.includes(record.model))
      return false;
    if (!record.answer?.text.trim()) return false;
    return !record.judge || record.judge.model !== judge.model || record.judge.mode !== judge.mode;
  }

  /** Judges every answer of this start's models that the chosen judge has not judged. */
  private async judgeAll(): Promise<'done' | 'stopped' | 'gone'> {
    const judge = this.request.judge;
    if (!judge || this.progress.missingModels.includes(judge.model)) return 'done';
    const { records } = await this.folder.readAll();
    const waiting = records.filter((c) => this.needsJudge(c));
    this.progress.judgeTotal = this.progress.judgeDone + waiting.length;
    if (waiting.length === 0) return 'done';
    const resources = loadJudgeResources(this.deps.resourcesDir);
    const apiDocument = judge.apiDocumentPath
      ? await readFile(judge.apiDocumentPath, 'utf8')
      : resources.apiDocument;
    const tasks = await listTasks(this.settings!.tasksDir, this.deps.contractsDir);
    for (const record of waiting) {
      if (this.controller.signal.aborted) {
        this.progress.message = `Stopped while judging: ${this.progress.judgeDone} answers judged and saved.`;
        return 'stopped';
      }
      const info = tasks.tasks.find((t) => t.name === record.task);
      if (!info) continue;
      const where = `${record.model} · ${record.task} turn ${record.turn}`;
      this.emit({
        state: 'judging',
        model: judge.model,
        task: record.task,
        turn: record.turn,
        message: `${where}: the judge (${judge.model}) reads the answer`,
        cell: null,
      });
      try {
        const texts = await readTurn(info.dir, record.turn);
        record.judge = await runJudge(
          this.deps.llm,
          this.worker,
          {
            requestId: `${this.request.evalId}:judge:${record.model}:${record.task}:${record.turn}`,
            model: judge.model,
            mode: judge.mode as JudgeMode,
            // SimBench's judge reads the extracted answer and the reference with comments.
            answer: extractPythonCode(record.answer!.text),
            reference: texts.reference,
            apiDocument,
            templates: resources.templates,
          },
          this.controller.signal,
        );
      } catch (err) {
        if (this.controller.signal.aborted) continue;
        if (err instanceof JudgeServerError) {
          this.progress.message = `The judge could not answer (${err.message}): ${this.progress.judgeDone} answers judged and saved; start again to judge the rest.`;
          return 'gone';
        }
        throw err;
      }
      await this.folder.writeCell(record);
      this.judgeMs.push(record.judge.durationMs);
      this.progress.judgeDone++;
      const said = record.judge.ok ? `${record.judge.score}` : `no score (${record.judge.reason})`;
      this.emit({
        state: 'judging',
        message: `${where}: judged ${said}`,
        cell: summariseCell(record),
      });
    }
    await this.writeResults();
    return 'done';
  }

  private async unload(model: string): Promise<void> {
    try {
      await (await this.deps.llm.provider()).unload(model);
    } catch {
      // A model that will not unload only costs memory; the next one may still fit.
    }
  }

  private async writeResults(): Promise<void> {
    const { records } = await this.folder.readAll();
    await this.folder.writeResults(records, this.settings!);
  }

  private finish(state: EvalState, message: string): EvalProgress {
    this.emit({ state, message, cell: null });
    return this.progress;
  }

  private emit(change: Partial<EvalProgress>): void {
    Object.assign(this.progress, change);
    this.progress.elapsedMs = Date.now() - this.started;
    const eta = estimateEta({
      cellMs: this.cellMs,
      judgeMs: this.judgeMs,
      remainingCells: this.progress.total - this.progress.done,
      remainingJudgements: Math.max(0, this.progress.judgeTotal - this.progress.judgeDone),
    });
    this.progress.etaSeconds = eta.seconds;
    this.progress.etaPartial = eta.partial;
    this.deps.bus.emit('eval.progress', { ...this.progress }, this.caller.owner);
  }
}
