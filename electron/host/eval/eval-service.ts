// The evaluation service: answers `eval.*`. An evaluation belongs to the caller that
// started it (its progress goes to that caller alone, only it can stop it, and it stops
// when its owner goes); it runs in the background so the caller is never kept waiting.
// One at a time on a host: the models take turns on the one GPU.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Caller } from '../../common/contract';
import type {
  EvalCellView,
  EvalProgress,
  EvalResultsView,
  EvalStartRequest,
  EvalStarted,
} from '../../common/contract/eval';
import { summariseCell } from '../../common/eval/cell-record';
import { categoriesOf, leaderboard } from '../../common/eval/leaderboard';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';
import type { LlmService } from '../llm/llm-service';
import type { RuntimeService } from '../runtime/runtime-service';
import { anywhere, type PathGate } from '../projects/project-paths';
import { EvalRun, defaultOutDir } from './eval-run';
import { ResultsFolder } from './results-store';
import { builtinContractsDir, isTaskName, listTasks } from './task-set';

export interface EvalServiceOptions {
  bus: EventBus;
  llm: LlmService;
  runtime: RuntimeService;
  userDataDir: string;
  /** TwinForge's own contracts; resources/contracts by default. */
  contractsDir?: string;
  resourcesDir?: string;
  /** Where callers may read tasks and write results (serve: the projects root only). */
  paths?: PathGate;
}

type EvalMethod =
  'eval.tasks' | 'eval.start' | 'eval.cancel' | 'eval.active' | 'eval.results' | 'eval.cell';

export class EvalService {
  private readonly runs = new Map<string, EvalRun>();
  private readonly ending = new Set<Promise<EvalProgress>>();
  private readonly contractsDir: string;

  private readonly paths: PathGate;

  constructor(private readonly options: EvalServiceOptions) {
    this.contractsDir = options.contractsDir ?? builtinContractsDir(options.resourcesDir);
    this.paths = options.paths ?? anywhere;
  }

  handlers(): Handlers<EvalMethod> {
    return {
      'eval.tasks': async ({ dir }) => {
        const tasksDir = await this.paths.confine(dir);
        return {
          ...(await listTasks(tasksDir, this.contractsDir)),
          defaultOutDir: defaultOutDir(this.options.userDataDir, tasksDir),
        };
      },
      'eval.start': async (request, caller) =>
        (await this.start(await this.confined(request), caller)).started,
      'eval.cancel': ({ evalId }, caller) => ({ ok: this.cancel(evalId, caller) }),
      'eval.active': (_p, caller) => ({
        evals: [...this.runs.values()]
          .filter((r) => r.caller.owner === caller.owner)
          .map((r) => ({ ...r.progress })),
      }),
      'eval.results': async ({ outDir }) => this.results(await this.paths.confine(outDir)),
      'eval.cell': async (p) =>
        this.cell(await this.paths.confine(p.outDir), {
          model: p.model,
          task: p.task,
          turn: p.turn,
        }),
    };
  }

  /** A caller's request with every path it names confined (the default results folder is
   *  the host's own). */
  private async confined(request: EvalStartRequest): Promise<EvalStartRequest> {
    const confine = (path: string) => this.paths.confine(path);
    const judge = request.judge;
    return {
      ...request,
      tasksDir: await confine(request.tasksDir),
      ...(request.outDir ? { outDir: await confine(request.outDir) } : {}),
      ...(judge?.apiDocumentPath
        ? { judge: { ...judge, apiDocumentPath: await confine(judge.apiDocumentPath) } }
        : {}),
    };
  }

  /**
   * Starts an evaluation: resolves once it is planned (`started`), while `finished`
   * resolves with its last progress when it ends. The CLI waits for both.
   */
  async start(
    request: EvalStartRequest,
    caller: Caller,
  ): Promise<{ started: EvalStarted; finished: Promise<EvalProgress> }> {
    const id = runKey(caller, request.evalId);
    if (this.runs.has(id))
      throw new Error(`An evaluation with the id ${request.evalId} is running.`);
    const busy = [...this.runs.values()][0];
    if (busy) {
      throw new Error(
        `An evaluation is already running on this host (into ${busy.outDir}): the models take turns on the GPU. Wait for it to end, or stop it.`,
      );
    }
    const run = new EvalRun(request, caller, {
      bus: this.options.bus,
      llm: this.options.llm,
      runtime: this.options.runtime,
      userDataDir: this.options.userDataDir,
      contractsDir: this.contractsDir,
      resourcesDir: this.options.resourcesDir,
    });
    this.runs.set(id, run);
    let started: EvalStarted;
    try {
      started = await run.prepare();
    } catch (err) {
      this.runs.delete(id);
      throw err;
    }
    const finished = run.execute().finally(() => {
      this.runs.delete(id);
      this.ending.delete(finished);
    });
    this.ending.add(finished);
    return { started, finished };
  }

  cancel(evalId: string, caller: Caller): boolean {
    const run = this.runs.get(runKey(caller, evalId));
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  async results(outDir: string): Promise<EvalResultsView> {
    const folder = new ResultsFolder(outDir);
    const settings = await folder.readSettings();
    const { records, problems } = await folder.readAll();
    const cells = records.map(summariseCell);
    return {
      outDir: folder.dir,
      settings,
      leaderboard: leaderboard(cells),
      cells,
      categories: categoriesOf(cells),
      problems,
    };
  }

  async cell(
    outDir: string,
    key: { model: string; task: string; turn: number },
  ): Promise<EvalCellView> {
    if (!isTaskName(key.task)) throw new Error(`"${key.task}" is not a task name.`);
    const folder = new ResultsFolder(outDir);
    const record = await folder.readCell(key);
    if (!record) {
      throw new Error(
        `${folder.dir} holds no cell for ${key.model}, ${key.task} turn ${key.turn}.`,
      );
    }
    const settings = await folder.readSettings();
    const taskDir = settings ? resolve(settings.tasksDir, key.task) : null;
    const read = async (file: string | null) =>
      file ? await readFile(file, 'utf8').catch(() => null) : null;
    const referencePath = taskDir ? resolve(taskDir, `truth${key.turn}.py`) : null;
    const reference = await read(referencePath);
    const startScript =
      record.startScript ??
      (record.start === 'pyinput' && taskDir
        ? await read(resolve(taskDir, `pyinput${key.turn}.py`))
        : null);
    return {
      record,
      reference,
      referencePath: reference !== null ? referencePath : null,
      startScript,
    };
  }

  /** The owner has gone: its evaluations stop (what they finished stays saved). */
  release(owner: string): void {
    for (const run of this.runs.values()) if (run.caller.owner === owner) run.controller.abort();
  }

  /** Stops every evaluation and waits until each has saved what it finished. */
  async dispose(): Promise<void> {
    for (const run of this.runs.values()) run.controller.abort();
    await Promise.all([...this.ending]);
  }
}

function runKey(caller: Caller, evalId: string): string {
  return `${caller.owner}\u0000${evalId}`;
}
