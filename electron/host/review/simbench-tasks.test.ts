import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTasks, readTaskTurn } from './simbench-tasks';

let root: string;

async function task(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'twinforge-tasks-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('SimBench tasks', () => {
  it('lists the tasks of a folder with the turns they have and what they lack', async () => {
    await task('pendulum', {
      'input1.txt': 'Make a pendulum.',
      'truth1.py': 'import pychrono\n',
      'input2.txt': 'Fix it.',
      'truth2.py': 'import pychrono\n',
    });
    await task('notes', { 'readme.md': 'not a task' });
    await task('beam', { 'input1.txt': 'A beam.' });
    const list = await listTasks(root);
    expect(list.tasks.map((t) => t.name)).toEqual(['beam', 'pendulum']);
    const pendulum = list.tasks[1];
    expect(pendulum.turns).toEqual([
      { turn: 1, available: true, missing: [] },
      { turn: 2, available: true, missing: ['pyinput2.py'] },
      { turn: 3, available: false, missing: ['input3.txt', 'truth3.py', 'pyinput3.py'] },
    ]);
    expect(list.tasks[0].turns[0]).toEqual({ turn: 1, available: false, missing: ['truth1.py'] });
  });

  it('takes a task folder itself as the one task', async () => {
    const dir = await task('pendulum', { 'input1.txt': 'x', 'truth1.py': 'y' });
    const list = await listTasks(dir);
    expect(list.tasks).toHaveLength(1);
    expect(list.tasks[0]).toMatchObject({ name: 'pendulum', dir });
    const turn = await readTaskTurn(dir, 'pendulum', 1);
    expect(turn.reference).toBe('y');
  });

  it('reads a turn: prompt, reference, the stored cleaned reference and the starting script', async () => {
    await task('pendulum', {
      'input2.txt': '  Fix the joint.\n',
      'truth2.py': '# ref\nimport pychrono\n',
      'cleaned_truth2.py': 'import pychrono',
      'pyinput2.py': 'import pychrono as c\n',
    });
    const turn = await readTaskTurn(root, 'pendulum', 2);
    expect(turn).toMatchObject({
      task: 'pendulum',
      turn: 2,
      prompt: 'Fix the joint.',
      reference: '# ref\nimport pychrono\n',
      referencePath: join(root, 'pendulum', 'truth2.py'),
      cleaned: 'import pychrono',
      startScript: 'import pychrono as c\n',
      startPath: join(root, 'pendulum', 'pyinput2.py'),
    });
  });

  it('says clearly what is missing or wrong', async () => {
    await task('beam', { 'input1.txt': 'A beam.' });
    await expect(readTaskTurn(root, 'beam', 1)).rejects.toThrow(/no reference for turn 1/);
    await expect(readTaskTurn(root, '../etc', 1)).rejects.toThrow(/not a task name/);
    await expect(listTasks(join(root, 'nowhere'))).rejects.toThrow(/Cannot read the folder/);
    await task('empty', {});
    await expect(listTasks(join(root, 'empty'))).rejects.toThrow(/no task in SimBench's layout/);
  });

  it('lists the published SimBench tasks of the share when it is there', async (ctx) => {
    const share = join(__dirname, '../../../../shared/simbench/tasks');
    const list = await listTasks(share).catch(() => null);
    if (!list) return ctx.skip();
    const pendulum = list.tasks.find((t) => t.name === 'pendulum');
    expect(pendulum?.turns.every((t) => t.available && t.missing.length === 0)).toBe(true);
    const turn = await readTaskTurn(share, 'pendulum', 1);
    expect(turn.prompt).toMatch(/simple pendulum/);
    expect(turn.cleaned).not.toBeNull();
  });
});
