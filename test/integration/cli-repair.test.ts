// `twinforge repair` and `twinforge generate` as a user runs them: the built CLI, the real
// bridge with the pychrono double, and the fake Ollama server answering the fixes.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepairEvent } from '../../electron/common/contract/repair';
import { createFakeOllama, type FakeOllama } from '../fixtures/fake-ollama/fake-ollama.mjs';
import { ROOT, SCRIPTS, doubleEnv } from './runtime-helpers';

let dir: string;
let fake: FakeOllama;
let ollamaUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-cli-repair-'));
  fake = createFakeOllama({ tokenDelayMs: 0 });
  ollamaUrl = await fake.listen(0);
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

function twinforge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'twinforge.js'), ...args],
      {
        cwd: dir,
        env: { ...doubleEnv(join(dir, 'user-data')), OLLAMA_HOST: ollamaUrl },
        timeout: 120_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const events = (stdout: string): RepairEvent[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RepairEvent);

const fence = (code: string) => 'Here is the fix.\n\n```python\n' + code + '\n```\n';

describe.skipIf(process.platform === 'win32')('twinforge repair', () => {
  it('runs a failing script, asks for a fix, runs the fix and writes it', async () => {
    const pendulum = await readFile(join(SCRIPTS, 'pendulum.py'), 'utf8');
    // The model's memory is older than the API: SetBodyFixed was renamed SetFixed in 9.0.
    const broken = pendulum.replace('ground.SetFixed(True)', 'ground.SetBodyFixed(True)');
    await writeFile(join(dir, 'broken.py'), broken);
    fake.script({ text: fence(pendulum) });
    const r = await twinforge([
      'repair',
      'broken.py',
      '--model',
      'qwen2.5-coder:7b',
      '--sim-time',
      '0.2',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const list = events(r.stdout);
    expect(list.map((e) => e.type)).toEqual([
      'run-start',
      'run-end',
      'asking',
      'proposal',
      'run-start',
      'run-end',
      'done',
    ]);
    const firstEnd = list[1] as Extract<RepairEvent, { type: 'run-end' }>;
    expect(firstEnd.failure?.message).toMatch(/SetBodyFixed/);
    expect(firstEnd.failure?.line).toBe(
      broken.split('\n').indexOf('ground.SetBodyFixed(True)') + 1,
    );
    const done = list.at(-1) as Extract<RepairEvent, { type: 'done' }>;
    expect(done.result).toMatchObject({ status: 'fixed', script: pendulum });
    expect(await readFile(join(dir, 'broken.fixed.py'), 'utf8')).toBe(pendulum);
    // The model saw the failing script and the error.
    const asked = fake.state.requests.at(-1)!.messages.at(-1)!.content;
    expect(asked).toContain('ground.SetBodyFixed(True)');
    expect(asked).toMatch(/AttributeError/);
  });

  it('gives up with a diagnosis when the fix brings the same error back, and exits 1', async () => {
    await writeFile(join(dir, 'raises.py'), await readFile(join(SCRIPTS, 'raises.py'), 'utf8'));
    fake.script({ text: fence('import pychrono as chrono\nmass = 1 / 0\n') });
    const r = await twinforge([
      'repair',
      'raises.py',
      '--model',
      'qwen2.5-coder:7b',
      '--attempts',
      '2',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/same error/);
  });

  it('generates a script from a prompt and runs it', async () => {
    const pendulum = await readFile(join(SCRIPTS, 'pendulum.py'), 'utf8');
    fake.script({ text: fence(pendulum) });
    const r = await twinforge([
      'generate',
      'a pendulum on a revolute joint',
      '--model',
      'qwen2.5-coder:7b',
      '--sim-time',
      '0.2',
      '--out',
      'pendulum-generated.py',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(events(r.stdout).map((e) => e.type)).toEqual([
      'generating',
      'generated',
      'run-start',
      'run-end',
      'done',
    ]);
    expect(await readFile(join(dir, 'pendulum-generated.py'), 'utf8')).toBe(pendulum);
  });
});
