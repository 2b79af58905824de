// Reads a task set in SimBench's layout: a folder of task folders, each with
// `input{1,2,3}.txt` (the prompts), `truth{1,2,3}.py` (the references), `pyinput{2,3}.py`
// (the scripts turns 2 and 3 start from), and optionally `contract.json` (its physics
// contract, ChronoBench v2's form) and `task.json` (`{"category": …}`). A turn whose files
// are incomplete is skipped and its missing files are named. A task without a contract of
// its own gets TwinForge's, when it has one (resources/contracts/<task>/contract.json).
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { EvalTaskInfo, EvalTaskList } from '../../common/contract/eval';
import { categoryOf } from '../../common/eval/categories';
import { parseContract, type PhysicsContract } from '../../common/eval/contracts/schema';
import { requiredFiles, type TurnFiles } from '../../common/eval/protocol';
import { defaultResourcesDir } from '../llm/prompt-resources';
import { readTaskTurn } from '../review/simbench-tasks';

export const TURNS = [1, 2, 3] as const;

export function builtinContractsDir(resourcesDir = defaultResourcesDir()): string {
  return join(resourcesDir, 'contracts');
}

/** A task name that is safe as one path segment. */
export function isTaskName(name: string): boolean {
  return /^[^/\\\0]+$/.test(name) && name !== '.' && name !== '..';
}

export interface LoadedTask extends EvalTaskInfo {
  contractFile: string | null;
}

async function readCategory(taskDir: string): Promise<string | null> {
  try {
    const json = JSON.parse(await readFile(join(taskDir, 'task.json'), 'utf8')) as unknown;
    const category = (json as { category?: unknown }).category;
    return typeof category === 'string' ? category : null;
  } catch {
    return null;
  }
}

/** The contract a task is held against, with where it comes from; a broken file is said. */
export async function findContract(
  task: string,
  taskDir: string,
  contractsDir: string,
): Promise<{
  contract: PhysicsContract | null;
  from: 'task' | 'builtin' | null;
  file: string | null;
  problem: string | null;
}> {
  for (const [from, file] of [
    ['task', join(taskDir, 'contract.json')],
    ['builtin', join(contractsDir, task, 'contract.json')],
  ] as const) {
    if (!existsSync(file)) continue;
    try {
      return {
        contract: parseContract(await readFile(file, 'utf8'), file),
        from,
        file,
        problem: null,
      };
    } catch (err) {
      return { contract: null, from: null, file, problem: (err as Error).message };
    }
  }
  return { contract: null, from: null, file: null, problem: null };
}

async function describeTask(name: string, dir: string, contractsDir: string): Promise<LoadedTask> {
  const turns: number[] = [];
  const missing: string[] = [];
  for (const turn of TURNS) {
    const lacking = requiredFiles(turn).filter((f) => !existsSync(join(dir, f)));
    if (lacking.length === 0) turns.push(turn);
    else missing.push(...lacking);
  }
  const found = await findContract(name, dir, contractsDir);
  const declared = (await readCategory(dir)) ?? found.contract?.category ?? null;
  return {
    name,
    dir,
    category: categoryOf(name, declared),
    turns,
    missing,
    contract: found.from,
    contractProblem: found.problem,
    contractFile: found.file,
  };
}

/** The tasks of a folder (or the folder itself, when it is one task). */
export async function listTasks(
  dir: string,
  contractsDir = builtinContractsDir(),
): Promise<{ dir: string; tasks: LoadedTask[]; skipped: EvalTaskList['skipped'] }> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`There is no folder ${root}.`);
  const candidates = existsSync(join(root, 'input1.txt'))
    ? [{ name: basename(root), dir: root }]
    : (await readdir(root, { withFileTypes: true }))
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && isTaskName(e.name))
        .map((e) => ({ name: e.name, dir: join(root, e.name) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const described = await Promise.all(
    candidates.map((c) => describeTask(c.name, c.dir, contractsDir)),
  );
  return {
    dir: root,
    tasks: described.filter((t) => t.turns.length > 0),
    skipped: described
      .filter((t) => t.turns.length === 0)
      .map((t) => ({ name: t.name, missing: t.missing })),
  };
}

export interface TurnTexts extends TurnFiles {
  /** truthN.py, with its comments. */
  reference: string;
  referencePath: string;
}

/** A turn's texts, read as the review reads them (the same names, the same size cap). */
export async function readTurn(taskDir: string, turn: number): Promise<TurnTexts> {
  const texts = await readTaskTurn(dirname(taskDir), basename(taskDir), turn);
  const lacking = requiredFiles(turn).filter((file) =>
    file.startsWith('input')
      ? texts.prompt === null
      : file.startsWith('pyinput')
        ? texts.startScript === null
        : false,
  );
  if (lacking.length > 0)
    throw new Error(
      `The task ${basename(taskDir)} lacks ${lacking.join(' and ')} for turn ${turn}.`,
    );
  return {
    prompt: texts.prompt!,
    pyinput: turn === 1 ? null : texts.startScript,
    reference: texts.reference,
    referencePath: texts.referencePath,
  };
}
