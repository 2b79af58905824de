// Tasks in SimBench's layout, read from a folder of the host: `<task>/input{1,2,3}.txt` (what
// the model is asked in each turn), `truth{1,2,3}.py` (the expert's reference), `pyinput{2,3}.py`
// (the script turns 2 and 3 start from) and, in the published set, `cleaned_truth{n}.py`
// (the comment-stripped reference the similarity metrics were scored on). Only those
// names are ever read, and none above a few megabytes. The evaluation reads its turns here
// too (eval/task-set.ts).
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type {
  ReviewTaskInfo,
  ReviewTaskList,
  ReviewTaskTurn,
  ReviewTaskTurnText,
} from '../../common/contract/review';
import { requiredFiles } from '../../common/eval/protocol';

export const TURNS = [1, 2, 3] as const;
const MAX_FILE_BYTES = 5_000_000;

const promptFile = (turn: number) => `input${turn}.txt`;
const truthFile = (turn: number) => `truth${turn}.py`;
const startFile = (turn: number) => `pyinput${turn}.py`;
const cleanedFile = (turn: number) => `cleaned_truth${turn}.py`;

function looksLikeTask(names: ReadonlySet<string>): boolean {
  return TURNS.some((t) => names.has(truthFile(t)) || names.has(promptFile(t)));
}

function describeTask(name: string, dir: string, names: ReadonlySet<string>): ReviewTaskInfo {
  const turns: ReviewTaskTurn[] = TURNS.map((turn) => ({
    turn,
    available: names.has(truthFile(turn)),
    missing: requiredFiles(turn).filter((f) => !names.has(f)),
  }));
  return { name, dir, turns };
}

async function fileNames(dir: string): Promise<Set<string>> {
  const entries = await readdir(dir, { withFileTypes: true });
  return new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
}

/** The tasks under `dir`, by name; `dir` itself when it is one task's folder. */
export async function listTasks(dir: string): Promise<ReviewTaskList> {
  const root = resolve(dir);
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (err) {
    throw new Error(
      `Cannot read the folder ${root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const own = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  if (looksLikeTask(own)) return { dir: root, tasks: [describeTask(basename(root), root, own)] };
  const tasks: ReviewTaskInfo[] = [];
  const folders = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const name of folders) {
    const taskDir = join(root, name);
    const names = await fileNames(taskDir).catch(() => new Set<string>());
    if (looksLikeTask(names)) tasks.push(describeTask(name, taskDir, names));
  }
  if (tasks.length === 0) {
    throw new Error(
      `${root} holds no task in SimBench's layout (a folder with input1.txt and truth1.py, ` +
        'or a folder of such folders).',
    );
  }
  return { dir: root, tasks };
}

/** The folder of `task` under `dir`, or `dir` itself when it is that task. */
async function taskDir(dir: string, task: string): Promise<string> {
  const root = resolve(dir);
  if (task.includes('/') || task.includes('\\') || task === '..' || task === '.') {
    throw new Error(`"${task}" is not a task name`);
  }
  if (basename(root) === task && looksLikeTask(await fileNames(root).catch(() => new Set()))) {
    return root;
  }
  return join(root, task);
}

async function readOptional(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return null;
    if (info.size > MAX_FILE_BYTES) {
      throw new Error(
        `${file} is ${(info.size / 1e6).toFixed(1)} MB; task files over 5 MB are not read`,
      );
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** One turn of a task: its prompt, reference, cleaned reference and starting script. */
export async function readTaskTurn(
  dir: string,
  task: string,
  turn: number,
): Promise<ReviewTaskTurnText> {
  const folder = await taskDir(dir, task);
  const referencePath = join(folder, truthFile(turn));
  const reference = await readOptional(referencePath);
  if (reference === null) {
    throw new Error(
      `The task ${task} has no reference for turn ${turn} (${referencePath} is missing).`,
    );
  }
  const startPath = turn > 1 ? join(folder, startFile(turn)) : null;
  const [prompt, cleaned, startScript] = await Promise.all([
    readOptional(join(folder, promptFile(turn))),
    readOptional(join(folder, cleanedFile(turn))),
    startPath ? readOptional(startPath) : Promise.resolve(null),
  ]);
  return {
    dir: folder,
    task,
    turn,
    prompt: prompt?.trim() ?? null,
    reference,
    referencePath,
    cleaned,
    startScript,
    startPath: startScript !== null ? startPath : null,
  };
}
