import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTasks, readTurn } from './task-set';

let dir: string;
let contracts: string;

async function files(folder: string, names: Record<string, string>) {
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(names)) await writeFile(join(folder, name), text);
}

const complete = {
  'input1.txt': 'Make a pendulum',
  'truth1.py': 'import pychrono\n',
  'input2.txt': 'Heavier',
  'truth2.py': 'import pychrono\n# 2\n',
  'pyinput2.py': 'import pychrono\n# start 2\n',
  'input3.txt': 'Two of them',
  'truth3.py': 'import pychrono\n# 3\n',
  'pyinput3.py': 'import pychrono\n# start 3\n',
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-tasks-'));
  contracts = join(dir, 'builtin');
  await files(join(dir, 'set', 'pendulum'), complete);
  const { 'pyinput2.py': _dropped, ...withoutStart2 } = complete;
  await files(join(dir, 'set', 'beam'), withoutStart2);
  await files(join(dir, 'set', 'notes'), { 'readme.md': 'not a task' });
  await files(join(dir, 'set', '.git'), { HEAD: 'x' });
  await files(join(dir, 'set', 'cable'), {
    ...complete,
    'contract.json': '{"turns": [{"turn": 9}]}',
    'task.json': '{"category": "ropes"}',
  });
  await files(join(contracts, 'pendulum'), {
    'contract.json': JSON.stringify({ task: 'pendulum', category: 'swings', turns: [{ turn: 1 }] }),
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('listTasks', () => {
  it('lists complete turns, names what incomplete ones lack, and skips folders that are no task', async () => {
    const list = await listTasks(join(dir, 'set'), contracts);
    expect(list.tasks.map((t) => [t.name, t.turns, t.missing])).toEqual([
      ['beam', [1, 3], ['pyinput2.py']],
      ['cable', [1, 2, 3], []],
      ['pendulum', [1, 2, 3], []],
    ]);
    expect(list.skipped).toEqual([
      {
        name: 'notes',
        missing: [
          'input1.txt',
          'truth1.py',
          'input2.txt',
          'truth2.py',
          'pyinput2.py',
          'input3.txt',
          'truth3.py',
          'pyinput3.py',
        ],
      },
    ]);
  });

  it('takes the task’s own contract first, TwinForge’s next, and says when one is broken', async () => {
    const list = await listTasks(join(dir, 'set'), contracts);
    const by = Object.fromEntries(list.tasks.map((t) => [t.name, t]));
    expect(by.pendulum).toMatchObject({
      contract: 'builtin',
      category: 'swings',
      contractProblem: null,
    });
    expect(by.beam).toMatchObject({ contract: null, category: 'fea' });
    expect(by.cable.contract).toBeNull();
    expect(by.cable.contractProblem).toMatch(/cable[/\\]contract.json: turns.0.turn/);
    expect(by.cable.category).toBe('ropes');
  });

  it('takes a folder that is itself a task as a set of one, and refuses a folder that is not there', async () => {
    const list = await listTasks(join(dir, 'set', 'pendulum'), contracts);
    expect(list.tasks.map((t) => t.name)).toEqual(['pendulum']);
    await expect(listTasks(join(dir, 'nothing'))).rejects.toThrow(/There is no folder/);
  });

  it('reads a turn: the prompt, the starting script and the reference', async () => {
    const turn = await readTurn(join(dir, 'set', 'pendulum'), 2);
    expect(turn).toMatchObject({
      prompt: 'Heavier',
      pyinput: 'import pychrono\n# start 2\n',
      reference: 'import pychrono\n# 2\n',
    });
    expect((await readTurn(join(dir, 'set', 'pendulum'), 1)).pyinput).toBeNull();
  });
});
