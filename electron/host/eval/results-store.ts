// The results folder of an evaluation, readable with any tool:
//
//   eval.json                         the settings every cell was run with
//   results.csv, results.json         the table and the leaderboard (rewritten as cells land)
//   cells/<model>/<task>/turn-<N>.json                one record per cell
//   cells/<model>/<task>/turn-<N>/attempt-<k>/…       files that attempt's run wrote
//
// Every file is written atomically (a unique temporary file, flushed, then renamed), so a
// kill at any moment leaves each record either whole or absent, and a run started again
// picks up from the records there are.
import { randomBytes, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  EVAL_FORMAT,
  evalSettingsSchema,
  parseCellRecord,
  settingsConflict,
  summariseCell,
  type CellKey,
  type CellRecord,
  type EvalSettings,
} from '../../common/eval/cell-record';
import { leaderboard } from '../../common/eval/leaderboard';
import { resultsCsv, type ResultsDocument } from '../../common/eval/results-csv';
import { isTaskName } from './task-set';

/** Writes a file so that it is either wholly there or not changed at all. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** A folder name for a model: readable, and distinct for names that read alike. */
export function modelFolder(model: string): string {
  const readable = model.replace(/[^\w.-]+/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 6);
  return `${readable}-${hash}`;
}

export class ResultsFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  get settingsFile(): string {
    return join(this.dir, 'eval.json');
  }

  cellFile(key: CellKey): string {
    if (!isTaskName(key.task)) throw new Error(`"${key.task}" is not a task name`);
    return join(this.dir, 'cells', modelFolder(key.model), key.task, `turn-${key.turn}.json`);
  }

  /** Where the files of a cell's runs go. */
  attemptDir(key: CellKey, attempt: number): string {
    return join(this.cellFile(key).replace(/\.json$/, ''), `attempt-${attempt}`);
  }

  /** Paths of kept files as records name them: relative to the cell's folder. */
  relativeToCell(key: CellKey, file: string): string {
    return relative(dirname(this.cellFile(key)), file)
      .split('\\')
      .join('/');
  }

  async readSettings(): Promise<EvalSettings | null> {
    if (!existsSync(this.settingsFile)) return null;
    const parsed = evalSettingsSchema.safeParse(
      JSON.parse(await readFile(this.settingsFile, 'utf8')),
    );
    if (!parsed.success) {
      throw new Error(`${this.settingsFile} is not an evaluation's settings file.`);
    }
    return parsed.data;
  }

  /** Makes the folder ready for a run with these settings, or says why the cells there
   *  cannot be mixed with it. */
  async prepare(
    wanted: Pick<EvalSettings, 'tasksDir' | 'protocol' | 'attempts' | 'simTime' | 'wallTime'>,
  ): Promise<EvalSettings> {
    const existing = await this.readSettings();
    if (existing) {
      const conflict = settingsConflict(existing, wanted);
      if (conflict) throw new Error(conflict);
    }
    const now = new Date().toISOString();
    const settings: EvalSettings = {
      format: EVAL_FORMAT,
      ...wanted,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await writeAtomic(this.settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    return settings;
  }

  async readCell(key: CellKey): Promise<CellRecord | null> {
    const file = this.cellFile(key);
    if (!existsSync(file)) return null;
    const parsed = parseCellRecord(await readFile(file, 'utf8'));
    return parsed.record;
  }

  async writeCell(record: CellRecord): Promise<void> {
    await writeAtomic(this.cellFile(record), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Removes what an earlier try of a cell left (its runs' files) before it runs again. */
  async clearCell(key: CellKey): Promise<void> {
    await rm(this.cellFile(key).replace(/\.json$/, ''), { recursive: true, force: true });
  }

  /** Every record in the folder, and the files that are not records, each with why. */
  async readAll(): Promise<{ records: CellRecord[]; problems: string[] }> {
    const root = join(this.dir, 'cells');
    if (!existsSync(root)) return { records: [], problems: [] };
    const records: CellRecord[] = [];
    const problems: string[] = [];
    const files = (await readdir(root, { recursive: true }))
      .filter((f) => /(^|[/\\])turn-[123]\.json$/.test(f))
      .sort();
    for (const file of files) {
      const parsed = parseCellRecord(await readFile(join(root, file), 'utf8'));
      if (parsed.record) records.push(parsed.record);
      else problems.push(`${join('cells', file)}: ${parsed.reason}`);
    }
    return { records, problems };
  }

  /** Rewrites results.csv and results.json from the records. */
  async writeResults(records: readonly CellRecord[], settings: EvalSettings): Promise<void> {
    const cells = records.map(summariseCell);
    const judges = [...new Set(cells.flatMap((c) => (c.judge ? [c.judge.model] : [])))];
    const doc: ResultsDocument = {
      format: 'twinforge-eval-results/1',
      protocol:
        settings.protocol === 'simbench'
          ? "SimBench's: turns 2 and 3 start from the task's pyinputN.py"
          : "chained: turns 2 and 3 start from the model's own previous answer",
      attempts: settings.attempts,
      judgeNote: judges.length
        ? `Judged by ${judges.join(', ')} with TwinForge's rubric prompt: not comparable to SimBench's published J-LLM scores (gpt-4o-mini).`
        : null,
      leaderboard: leaderboard(cells),
      cells,
    };
    await writeAtomic(join(this.dir, 'results.csv'), resultsCsv(cells));
    await writeAtomic(join(this.dir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  }
}
