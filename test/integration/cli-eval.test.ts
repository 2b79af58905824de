// `twinforge eval` as a user runs it: the built CLI, the real bridge with the pychrono
// double, and the fake Ollama server. Killed in the middle of a run, it keeps the cells it
// finished, and the same command finishes the rest; the table and the CSV come at the end.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeOllama, type FakeOllama } from '../fixtures/fake-ollama/fake-ollama.mjs';
import { fall, fence, writeTaskSet } from './eval-fixtures';
import { ROOT, doubleEnv } from './runtime-helpers';

let dir: string;
let fake: FakeOllama;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-cli-eval-'));
  await writeTaskSet(join(dir, 'tasks'));
  fake = createFakeOllama({ tokenDelayMs: 0 });
  env = { ...doubleEnv(join(dir, 'user-data')), OLLAMA_HOST: await fake.listen(0) };
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

const ARGS = ['eval', 'tasks', '--model', 'qwen2.5-coder:7b', '--out', 'out', '--sim-time', '0.5'];

function twinforge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'twinforge.js'), ...args],
      { cwd: dir, env, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function records(): Promise<string[]> {
  const root = join(dir, 'out', 'cells');
  if (!existsSync(root)) return [];
  return (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.json')).sort();
}

describe.skipIf(process.platform === 'win32')('twinforge eval', { timeout: 120_000 }, () => {
  it('keeps the finished cells of a killed run and finishes the rest when run again', async () => {
    for (let i = 0; i < 6; i++) fake.script({ text: fence(fall()) });
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'twinforge.js'), ...ARGS], {
      cwd: dir,
      env,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it as the power would: no chance to save anything more.
    const deadline = Date.now() + 60_000;
    while ((await records()).length < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const kept = await records();
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(3);
    // Every record left is whole (written atomically), and no temporary file is.
    for (const file of kept) JSON.parse(await readFile(join(dir, 'out', 'cells', file), 'utf8'));
    const leftovers = (await readdir(join(dir, 'out'), { recursive: true })).filter((f) =>
      f.endsWith('.tmp'),
    );
    expect(leftovers).toEqual([]);

    const r = await twinforge(ARGS);
    expect(r.code).toBe(0);
    const left = 3 - kept.length;
    expect(r.stderr).toContain(
      `${kept.length} ${kept.length === 1 ? 'cell is' : 'cells are'} already in`,
    );
    expect(r.stderr).toContain(`] ${left}/${left} cells`);
    expect(await records()).toHaveLength(3);

    // The leaderboard on stdout, the CSV on disk.
    expect(r.stdout).toMatch(
      /^model\s+cells\s+pass@1\s+compile\s+CodeBLEU\s+ROUGE-Lsum\s+judge\s+contract\s+tok\/s$/m,
    );
    expect(r.stdout).toMatch(/^qwen2\.5-coder:7b\s+3\s+100\.0%/m);
    expect(r.stdout).toContain("Protocol: SimBench's (pyinputN.py), attempts 1.");
    const csv = (await readFile(join(dir, 'out', 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[0].startsWith('model,system,round,codebleu,ngram_match_score,')).toBe(true);
  });

  it('says how to get a model the server lacks, and exits 1', async () => {
    const r = await twinforge(['eval', 'tasks', '--model', 'codestral:22b', '--out', 'other']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pull it with `ollama pull codestral:22b`');
  });

  it('explains bad usage', async () => {
    const r = await twinforge(['eval', 'tasks']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('eval needs --model');
    expect((await twinforge(['eval', 'tasks', '--model', 'm', '--turns', '4'])).stderr).toContain(
      '--turns takes turns from 1, 2 and 3',
    );
  });
});
