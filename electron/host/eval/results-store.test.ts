import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellRecord } from '../../common/eval/cell-record';
import { cell } from '../../common/eval/test-cells';
import { ResultsFolder, modelFolder, writeAtomic } from './results-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-results-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const record = (over: Partial<CellRecord> = {}): CellRecord =>
  ({
    ...cell(),
    prompt: 'p',
    startScript: null,
    answer: null,
    repairedScript: null,
    judge: null,
    ...over,
  }) as CellRecord;
const settings = {
  tasksDir: '/tasks',
  protocol: 'simbench' as const,
  attempts: 1,
  simTime: 5,
  wallTime: 120,
};

describe('ResultsFolder', () => {
  it('writes records atomically where resume finds them, and nothing else', async () => {
    const folder = new ResultsFolder(join(dir, 'out'));
    await folder.prepare(settings);
    await folder.writeCell(record({ model: 'qwen2.5-coder:7b', task: 'pendulum', turn: 2 }));
    await folder.writeCell(
      record({ model: 'qwen2.5-coder:7b', task: 'pendulum', turn: 2, pass1: false }),
    );
    const cellDir = join(dir, 'out', 'cells', modelFolder('qwen2.5-coder:7b'), 'pendulum');
    expect(await readdir(cellDir)).toEqual(['turn-2.json']); // no temporary file left behind
    expect(
      (await folder.readCell({ model: 'qwen2.5-coder:7b', task: 'pendulum', turn: 2 }))?.pass1,
    ).toBe(false);
    expect(
      await folder.readCell({ model: 'qwen2.5-coder:7b', task: 'pendulum', turn: 3 }),
    ).toBeNull();
  });

  it('reads every record and names the files that are not records', async () => {
    const folder = new ResultsFolder(join(dir, 'out'));
    await folder.writeCell(record({ model: 'a', task: 'beam', turn: 1 }));
    await folder.writeCell(record({ model: 'b', task: 'beam', turn: 3 }));
    const broken = join(dir, 'out', 'cells', modelFolder('a'), 'cable');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'turn-1.json'), '{"half": ');
    const { records, problems } = await folder.readAll();
    expect(records.map((r) => `${r.model}/${r.task}/${r.turn}`).sort()).toEqual([
      'a/beam/1',
      'b/beam/3',
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cable[/\\]turn-1.json: not JSON/);
  });

  it('refuses to add cells run with other settings to a folder', async () => {
    const folder = new ResultsFolder(join(dir, 'out'));
    const first = await folder.prepare(settings);
    const again = await folder.prepare(settings);
    expect(again.createdAt).toBe(first.createdAt);
    await expect(folder.prepare({ ...settings, attempts: 3 })).rejects.toThrow(/1 attempts, not 3/);
  });

  it('writes results.csv and results.json from the records', async () => {
    const folder = new ResultsFolder(join(dir, 'out'));
    const s = await folder.prepare(settings);
    await folder.writeResults([record({ model: 'a' }), record({ model: 'b', pass1: false })], s);
    const csv = await readFile(join(dir, 'out', 'results.csv'), 'utf8');
    expect(csv.split('\n')[0].startsWith('model,system,round,codebleu,')).toBe(true);
    const json = JSON.parse(await readFile(join(dir, 'out', 'results.json'), 'utf8'));
    expect(json.leaderboard.map((r: { model: string }) => r.model)).toEqual(['a', 'b']);
    expect(json.protocol).toMatch(/pyinputN/);
  });

  it('keeps task names to one path segment', () => {
    const folder = new ResultsFolder(dir);
    expect(() => folder.cellFile({ model: 'm', task: '../../etc', turn: 1 })).toThrow(
      /not a task name/,
    );
  });
});

describe('helpers', () => {
  it('names model folders readably and apart', () => {
    expect(modelFolder('qwen2.5-coder:7b')).toMatch(/^qwen2\.5-coder_7b-[0-9a-f]{6}$/);
    expect(modelFolder('a:b')).not.toBe(modelFolder('a_b'));
  });
  it('replaces a file whole', async () => {
    const file = join(dir, 'x', 'f.json');
    await writeAtomic(file, 'one');
    await writeAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'x'))).toEqual(['f.json']);
  });
});
