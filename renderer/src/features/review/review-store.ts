// The review of the twin against its reference, as the UI sees it: which reference is
// attached (a script file, or a SimBench task's turn), the review's options, and what the
// host's review service reports as it goes (`review.event`) until its final report. The
// host runs both scripts in this window's `twin` and `reference` lanes, so the two views
// follow the runs by themselves; this store only starts, stops and shows.
import { create } from 'zustand';
import type { JudgeMode } from '../../../../electron/common/review/judge';
import type {
  JudgeReport,
  JudgeRunRecord,
  ReviewEvent,
  ReviewReport,
  ReviewRun,
  ReviewTaskList,
  SimilarityReport,
} from '../../../../electron/common/contract/review';
import type { SceneDiff } from '../../../../electron/common/review/scene-diff';
import type { PlatformHost, PickedFile } from '../../platform/types';

/**
 * Where the reference came from: the seam a project's `reference` field fills. `text` is
 * the script with its comments (it runs, and the judge reads it); `cleaned` is SimBench's
 * stored comment-stripped copy the similarity compares, when the task has one.
 */
export type ReferenceSource =
  | { kind: 'file'; name: string; path: string | null; text: string }
  | {
      kind: 'simbench';
      dir: string;
      task: string;
      turn: number;
      text: string;
      path: string;
      /** What the model is asked in this turn, shown beside the diff. */
      prompt: string | null;
      cleaned: string | null;
      /** The script turns 2 and 3 start from (SimBench's pyinput), when there is one. */
      startScript: string | null;
    };

export function referenceName(source: ReferenceSource): string {
  return source.kind === 'file' ? source.name : `truth${source.turn}.py`;
}

export function referenceOrigin(source: ReferenceSource): string {
  return source.kind === 'file'
    ? (source.path ?? source.name)
    : `SimBench task ${source.task}, turn ${source.turn} (${source.path})`;
}

export interface ReviewOptions {
  /** Run both scripts (scene diff and gap) or compare the code only. */
  run: boolean;
  /** Simulated-time limit of both runs, s; the setting when null. */
  simTime: number | null;
  /** Ask the rubric judge as part of the review. */
  judge: boolean;
  /** The judge model; the model setting when empty. */
  judgeModel: string;
  judgeMode: JudgeMode;
  repeats: number;
  /** The API document on the host; TwinForge's notes when empty. */
  apiDocumentPath: string;
}

export const DEFAULT_OPTIONS: ReviewOptions = {
  run: true,
  simTime: 10,
  judge: false,
  judgeModel: '',
  judgeMode: 'reference',
  repeats: 1,
  apiDocumentPath: '',
};

/** What the review has found so far: filled by events, replaced by the report at the end. */
export interface ReviewProgress {
  requestId: string;
  kind: 'compare' | 'judge';
  running: boolean;
  runs: { twin: ReviewRun | null; reference: ReviewRun | null };
  similarity: SimilarityReport | null;
  similarityError: string | null;
  scene: SceneDiff | null;
  items: ReviewReport['items'];
  systems: ReviewReport['systems'];
  gap: ReviewReport['gap'];
  judgeRuns: JudgeRunRecord[];
  judge: JudgeReport | null;
  /** The judge's answer streaming now, or null. */
  judgeStream: { chatRequestId: string; index: number; of: number; text: string } | null;
  notes: string[];
}

export interface TwinScript {
  script: string;
  scriptPath: string | null;
}

/** A badge the review shows for where its twin came from (an evaluation cell's contract). */
export interface OriginBadge {
  label: string;
  state: 'ok' | 'fail' | 'none';
  title: string;
}

/** Where the twin under review came from, when not the editor: an evaluation's cell. */
export interface ReviewOrigin {
  title: string;
  badges: OriginBadge[];
}

interface ReviewState {
  /** The review takes the workspace's place while open. */
  open: boolean;
  /** The evaluation cell the twin came from, or null (the user's own twin). */
  origin: ReviewOrigin | null;
  reference: ReferenceSource | null;
  /** The last folder of SimBench tasks listed (remembered across sessions). */
  tasksDir: string;
  tasks: ReviewTaskList | null;
  tasksError: string | null;
  options: ReviewOptions;
  progress: ReviewProgress | null;
  /** The last finished review, with the scripts it compared (for the report). */
  report: ReviewReport | null;
  compared: { twin: TwinScript; reference: ReferenceSource } | null;
  error: string | null;

  setOpen(open: boolean): void;
  setOrigin(origin: ReviewOrigin | null): void;
  setReference(source: ReferenceSource | null): void;
  attachFile(picked: PickedFile): void;
  listTasks(dir: string): Promise<void>;
  attachTask(dir: string, task: string, turn: number): Promise<void>;
  setOptions(patch: Partial<ReviewOptions>): void;
  /** Runs the whole review: both runs, then the comparisons (and the judge when asked). */
  review(twin: TwinScript): Promise<void>;
  /** Asks the judge alone (again, or N times). */
  judgeAgain(twin: TwinScript): Promise<void>;
  cancel(): void;
}

const TASKS_DIR_KEY = 'twinforge.review.tasksDir';

/** A review with nothing attached, run or chosen (the remembered tasks folder aside). */
function blankReview() {
  return {
    open: false,
    origin: null,
    reference: null,
    tasks: null,
    tasksError: null,
    options: { ...DEFAULT_OPTIONS },
    progress: null,
    report: null,
    compared: null,
    error: null,
  } satisfies Partial<ReviewState>;
}

/** A request id (randomUUID needs a secure context; a LAN serve over http is not one). */
const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
let platform: PlatformHost | null = null;

function rememberedDir(): string {
  try {
    return localStorage.getItem(TASKS_DIR_KEY) ?? '';
  } catch {
    return '';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emptyProgress(requestId: string, kind: ReviewProgress['kind']): ReviewProgress {
  return {
    requestId,
    kind,
    running: true,
    runs: { twin: null, reference: null },
    similarity: null,
    similarityError: null,
    scene: null,
    items: null,
    systems: null,
    gap: null,
    judgeRuns: [],
    judge: null,
    judgeStream: null,
    notes: [],
  };
}

export const useReviewStore = create<ReviewState>((set, get) => {
  function requireHost(): PlatformHost {
    if (!platform) throw new Error('Not connected to the TwinForge host');
    return platform;
  }

  function judgeOptions(options: ReviewOptions) {
    return {
      model: options.judgeModel.trim() || undefined,
      mode: options.judgeMode,
      repeats: options.repeats,
      apiDocumentPath: options.apiDocumentPath.trim() || null,
    };
  }

  function sides(twin: TwinScript, reference: ReferenceSource) {
    return {
      twin: { script: twin.script, scriptPath: twin.scriptPath },
      reference: {
        script: reference.text,
        scriptPath: reference.path,
        ...(reference.kind === 'simbench' && reference.cleaned !== null
          ? { cleaned: reference.cleaned }
          : {}),
      },
    };
  }

  return {
    ...blankReview(),
    tasksDir: rememberedDir(),

    setOpen: (open) => set({ open }),
    setOrigin: (origin) => set({ origin }),
    setReference: (reference) => set({ reference, error: null }),

    attachFile(picked) {
      set({
        reference: { kind: 'file', name: picked.name, path: picked.path, text: picked.text },
        error: null,
      });
    },

    async listTasks(dir) {
      const trimmed = dir.trim();
      set({ tasksDir: trimmed, tasksError: null });
      if (!trimmed) {
        set({ tasks: null, tasksError: 'Type the folder of the tasks on the host.' });
        return;
      }
      try {
        const tasks = await requireHost().invoke('review.tasks', { dir: trimmed });
        set({ tasks });
        try {
          localStorage.setItem(TASKS_DIR_KEY, trimmed);
        } catch {
          // Private windows may refuse storage; the folder is only a convenience.
        }
      } catch (error) {
        set({ tasks: null, tasksError: messageOf(error) });
      }
    },

    async attachTask(dir, task, turn) {
      try {
        const t = await requireHost().invoke('review.task', { dir, task, turn });
        set({
          reference: {
            kind: 'simbench',
            dir: t.dir,
            task: t.task,
            turn: t.turn,
            text: t.reference,
            path: t.referencePath,
            prompt: t.prompt,
            cleaned: t.cleaned,
            startScript: t.startScript,
          },
          error: null,
        });
      } catch (error) {
        set({ tasksError: messageOf(error) });
      }
    },

    setOptions: (patch) => set({ options: { ...get().options, ...patch } }),

    async review(twin) {
      const reference = get().reference;
      if (!reference || get().progress?.running) return;
      const host = requireHost();
      const requestId = newId();
      const { options } = get();
      set({ progress: emptyProgress(requestId, 'compare'), error: null });
      try {
        const report = await host.invoke('review.compare', {
          requestId,
          ...sides(twin, reference),
          run: options.run,
          limits: options.simTime ? { simTime: options.simTime } : undefined,
          judge: options.judge ? judgeOptions(options) : undefined,
        });
        set({ report, compared: { twin, reference } });
      } catch (error) {
        set({ error: `The review could not be made: ${messageOf(error)}` });
      } finally {
        const progress = get().progress;
        if (progress?.requestId === requestId) {
          set({ progress: { ...progress, running: false, judgeStream: null } });
        }
      }
    },

    async judgeAgain(twin) {
      const reference = get().reference;
      if (!reference || get().progress?.running) return;
      const host = requireHost();
      const requestId = newId();
      const previous = get().progress;
      // The runs' findings stay on screen; only the judge's part starts over.
      set({
        progress: {
          ...(previous ?? emptyProgress(requestId, 'judge')),
          requestId,
          kind: 'judge',
          running: true,
          judgeRuns: [],
          judge: null,
          judgeStream: null,
        },
        error: null,
      });
      try {
        const judge = await host.invoke('review.judge', {
          requestId,
          ...sides(twin, reference),
          judge: judgeOptions(get().options),
        });
        const report = get().report;
        if (report) set({ report: { ...report, judge } });
      } catch (error) {
        set({ error: `The judge could not be asked: ${messageOf(error)}` });
      } finally {
        const progress = get().progress;
        if (progress?.requestId === requestId) {
          set({ progress: { ...progress, running: false, judgeStream: null } });
        }
      }
    },

    cancel() {
      const progress = get().progress;
      if (!progress?.running || !platform) return;
      void platform
        .invoke('review.cancel', { requestId: progress.requestId })
        .catch(() => undefined);
    },
  };
});

/** Applies one event of the host's review to the progress on screen. */
export function applyReviewEvent(requestId: string, event: ReviewEvent): void {
  const store = useReviewStore;
  const progress = store.getState().progress;
  if (progress?.requestId !== requestId) return;
  const update = (patch: Partial<ReviewProgress>) =>
    store.setState({ progress: { ...(store.getState().progress as ReviewProgress), ...patch } });
  switch (event.type) {
    case 'run-end':
      update({ runs: { ...progress.runs, [event.side]: event.run } });
      break;
    case 'similarity':
      update({ similarity: event.similarity, similarityError: event.error });
      break;
    case 'scene':
      update({ scene: event.scene, items: event.items, systems: event.systems });
      break;
    case 'gap':
      update({ gap: event.gap });
      break;
    case 'judge-start':
      update({
        judgeStream: {
          chatRequestId: event.chatRequestId,
          index: event.index,
          of: event.of,
          text: '',
        },
      });
      break;
    case 'judge-end':
      update({ judgeRuns: [...progress.judgeRuns, event.run], judgeStream: null });
      break;
    case 'judge-done':
      update({ judge: event.judge, judgeStream: null });
      break;
    case 'note':
      update({ notes: [...progress.notes, event.text] });
      break;
    default:
      break;
  }
}

/** The judge's streamed text, for the answer being written now. */
export function applyJudgeToken(chatRequestId: string, content: string): void {
  const progress = useReviewStore.getState().progress;
  const stream = progress?.judgeStream;
  if (!progress || !stream || stream.chatRequestId !== chatRequestId || !content) return;
  useReviewStore.setState({
    progress: { ...progress, judgeStream: { ...stream, text: stream.text + content } },
  });
}

/** Connects the review to the host's events; returns the disconnect. */
export function connectReview(host: PlatformHost): () => void {
  platform = host;
  const offs = [
    host.on('review.event', ({ requestId, event }) => applyReviewEvent(requestId, event)),
    host.on('llm.token', ({ requestId, content }) => applyJudgeToken(requestId, content)),
  ];
  return () => {
    offs.forEach((off) => off());
    if (platform === host) platform = null;
  };
}

/** Clears the store between tests. */
export function resetReviewStore(): void {
  useReviewStore.setState(blankReview());
}
