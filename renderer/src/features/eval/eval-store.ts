// The evaluation panel's state: the form (task folder, models, turns, attempts, judge),
// the evaluation in progress as the host reports it (`eval.progress`), and the results of
// the folder it writes to (leaderboard, cells, the cell opened). The host does the work;
// this store only asks and shows.
import { create } from 'zustand';
import type {
  EvalCellView,
  EvalProgress,
  EvalResultsView,
  EvalTaskList,
} from '../../../../electron/common/contract/eval';
import { EVAL_SIM_TIME } from '../../../../electron/common/contract/eval';
import { categoriesOf, leaderboard } from '../../../../electron/common/eval/leaderboard';
import type { PlatformHost } from '../../platform/types';

export type JudgeMode = 'reference' | 'reference-document' | 'document';

export interface EvalForm {
  tasksDir: string;
  /** Task names to run; empty means every complete task. */
  tasks: string[];
  models: string[];
  turns: number[];
  attempts: number;
  /** The judge model, or '' for none. */
  judge: string;
  judgeMode: JudgeMode;
  chain: boolean;
  retryFailed: boolean;
  simTime: number;
  /** The results folder, or '' for the host's default for the task folder. */
  outDir: string;
}

export interface EvalState {
  form: EvalForm;
  listing: EvalTaskList | null;
  listingError: string | null;
  listingBusy: boolean;
  /** The evaluation this window started and still follows, as last reported. */
  progress: EvalProgress | null;
  startError: string | null;
  starting: boolean;
  results: EvalResultsView | null;
  resultsError: string | null;
  cell: EvalCellView | null;
  cellError: string | null;
  setForm(patch: Partial<EvalForm>): void;
  toggle(field: 'tasks' | 'models' | 'turns', value: string | number): void;
  listTasks(): Promise<void>;
  start(): Promise<void>;
  cancel(): Promise<void>;
  loadResults(outDir?: string): Promise<void>;
  openCell(key: { model: string; task: string; turn: number }): Promise<void>;
  closeCell(): void;
}

let platform: PlatformHost | null = null;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const DEFAULT_FORM: EvalForm = {
  tasksDir: '',
  tasks: [],
  models: [],
  turns: [1, 2, 3],
  attempts: 1,
  judge: '',
  judgeMode: 'reference',
  chain: false,
  retryFailed: false,
  simTime: EVAL_SIM_TIME,
  outDir: '',
};

export function isRunning(p: EvalProgress | null): boolean {
  return p !== null && (p.state === 'running' || p.state === 'judging');
}

/** The folder results come from: the one of the evaluation followed, else the form's. */
function resultsFolder(s: EvalState): string | null {
  return s.progress?.outDir ?? (s.form.outDir.trim() || s.listing?.defaultOutDir || null);
}

export const useEvalStore = create<EvalState>((set, get) => ({
  form: DEFAULT_FORM,
  listing: null,
  listingError: null,
  listingBusy: false,
  progress: null,
  startError: null,
  starting: false,
  results: null,
  resultsError: null,
  cell: null,
  cellError: null,
  setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
  toggle(field, value) {
    set((s) => {
      const list = s.form[field] as (string | number)[];
      const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
      if (field === 'turns') (next as number[]).sort();
      return { form: { ...s.form, [field]: next } };
    });
  },
  async listTasks() {
    const dir = get().form.tasksDir.trim();
    if (!platform || !dir) return;
    set({ listingBusy: true, listingError: null });
    try {
      const listing = await platform.invoke('eval.tasks', { dir });
      const names = new Set(listing.tasks.map((t) => t.name));
      set((s) => ({
        listing,
        listingBusy: false,
        form: { ...s.form, tasks: s.form.tasks.filter((t) => names.has(t)) },
      }));
      await get().loadResults();
    } catch (e) {
      set({ listing: null, listingBusy: false, listingError: message(e) });
    }
  },
  async start() {
    const { form } = get();
    if (!platform) return;
    set({ starting: true, startError: null });
    try {
      const evalId = `eval-${Date.now().toString(36)}`;
      const started = await platform.invoke('eval.start', {
        evalId,
        tasksDir: form.tasksDir.trim(),
        models: form.models,
        tasks: form.tasks.length ? form.tasks : undefined,
        turns: form.turns,
        attempts: form.attempts,
        judge: form.judge ? { model: form.judge, mode: form.judgeMode } : undefined,
        chain: form.chain,
        retryFailed: form.retryFailed,
        outDir: form.outDir.trim() || undefined,
        simTime: form.simTime,
      });
      set((s) => ({
        starting: false,
        // The first progress event may have come already; keep the newer one.
        progress:
          s.progress?.evalId === evalId
            ? s.progress
            : {
                evalId,
                outDir: started.outDir,
                state: 'running',
                message: 'Starting',
                model: null,
                task: null,
                turn: null,
                total: started.total,
                done: 0,
                skipped: started.skipped,
                failed: 0,
                judgeTotal: 0,
                judgeDone: 0,
                elapsedMs: 0,
                etaSeconds: null,
                etaPartial: false,
                missingModels: started.missingModels,
                cell: null,
              },
      }));
      await get().loadResults(started.outDir);
    } catch (e) {
      set({ starting: false, startError: message(e) });
    }
  },
  async cancel() {
    const p = get().progress;
    if (platform && p && isRunning(p)) await platform.invoke('eval.cancel', { evalId: p.evalId });
  },
  async loadResults(outDir) {
    const folder = outDir ?? resultsFolder(get());
    if (!platform || !folder) return;
    try {
      const results = await platform.invoke('eval.results', { outDir: folder });
      set({ results, resultsError: null });
    } catch (e) {
      set({ resultsError: message(e) });
    }
  },
  async openCell(key) {
    const folder = get().results?.outDir;
    if (!platform || !folder) return;
    try {
      const cell = await platform.invoke('eval.cell', { outDir: folder, ...key });
      set({ cell, cellError: null });
    } catch (e) {
      set({ cell: null, cellError: message(e) });
    }
  },
  closeCell: () => set({ cell: null, cellError: null }),
}));

/** Folds a finished cell into the results shown, without asking the host again. */
function withCell(results: EvalResultsView, progress: EvalProgress): EvalResultsView {
  const c = progress.cell;
  if (!c) return results;
  const cells = [
    ...results.cells.filter(
      (x) => !(x.model === c.model && x.task === c.task && x.turn === c.turn),
    ),
    c,
  ];
  return { ...results, cells, leaderboard: leaderboard(cells), categories: categoriesOf(cells) };
}

export function connectEval(host: PlatformHost): () => void {
  platform = host;
  const off = host.on('eval.progress', (p) => {
    const s = useEvalStore.getState();
    if (s.progress && s.progress.evalId !== p.evalId && isRunning(s.progress)) return;
    const results = s.results && s.results.outDir === p.outDir ? withCell(s.results, p) : s.results;
    useEvalStore.setState({ progress: p, results });
    if (!isRunning(p)) void useEvalStore.getState().loadResults(p.outDir);
  });
  // A reloaded window picks up the evaluation it started, if it still runs.
  void host.invoke('eval.active', {}).then(
    ({ evals }) => {
      if (evals[0]) useEvalStore.setState({ progress: evals[0] });
    },
    () => undefined,
  );
  return () => {
    off();
    if (platform === host) platform = null;
  };
}
