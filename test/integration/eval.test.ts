// The evaluation service as the panel and the CLI use it: a small task set written here,
// the real bridge with the pychrono double, and the fake Ollama server answering with
// scripted answers (or SimBench's recorded ones). Covers the protocol (what each turn
// sends), the records and their resume, failed cells, a server that goes away, physics
// contracts read from what the run wrote and did, and the export.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/contract';
import type { EvalProgress, EvalStartRequest } from '../../electron/common/contract/eval';
import { createHost, type Host } from '../../electron/host';
import {
  SIMBENCH_DIR,
  readPublishedRows,
  simbenchAvailable,
} from '../../electron/host/review/simbench-share';
import { createFakeOllama, type FakeOllama } from '../fixtures/fake-ollama/fake-ollama.mjs';
import { fall, fence, writeTaskSet } from './eval-fixtures';
import { doubleEnv } from './runtime-helpers';

let fake: FakeOllama;
let url: string;
let port: number;
let dir: string;
let host: Host;
let client: HostClient;
let progress: EvalProgress[];

beforeAll(async () => {
  fake = createFakeOllama({ tokenDelayMs: 0 });
  url = await fake.listen(0);
  port = Number(new URL(url).port);
});
afterAll(() => fake.close());

beforeEach(async () => {
  fake.reset();
  dir = await mkdtemp(join(tmpdir(), 'tf-eval-'));
  await writeTaskSet(join(dir, 'tasks'));
  host = createHost({
    userDataDir: join(dir, 'user-data'),
    env: { ...doubleEnv(join(dir, 'user-data')), OLLAMA_HOST: url },
  });
  client = host.connect('window:1');
  progress = [];
  client.subscribe((name, payload) => {
    if (name === 'eval.progress') progress.push(payload as EvalProgress);
  });
});
afterEach(async () => {
  await host.dispose();
  await rm(dir, { recursive: true, force: true });
});

type Start = Partial<EvalStartRequest> & Pick<EvalStartRequest, 'models'>;

async function evaluate(request: Start, onProgress?: (p: EvalProgress) => void) {
  const off = onProgress
    ? client.subscribe(
        (name, payload) => name === 'eval.progress' && onProgress(payload as EvalProgress),
      )
    : () => undefined;
  try {
    const { started, finished } = await host.evals.start(
      {
        evalId: `e${Math.random()}`,
        tasksDir: join(dir, 'tasks'),
        turns: [1, 2, 3],
        attempts: 1,
        chain: false,
        retryFailed: false,
        outDir: join(dir, 'out'),
        simTime: 1,
        wallTime: 60,
        ...request,
      },
      client,
    );
    return { started, last: await finished };
  } finally {
    off();
  }
}

const userText = (i: number) => fake.state.requests[i].messages.at(-1)!.content;

describe.skipIf(process.platform === 'win32')('eval', { timeout: 120_000 }, () => {
  it('lists a task set: complete turns, what the others lack, and the contract', async () => {
    const list = await client.invoke('eval.tasks', { dir: join(dir, 'tasks') });
    expect(list.tasks.map((t) => [t.name, t.turns, t.contract])).toEqual([
      ['drop', [1, 2], 'task'],
      ['spin', [1], null],
    ]);
    expect(list.tasks[0].missing).toEqual(['input3.txt', 'truth3.py', 'pyinput3.py']);
    expect(list.skipped).toEqual([
      { name: 'broken', missing: expect.arrayContaining(['truth1.py']) },
    ]);
  });

  it('asks turn 1 with the prompt alone and turn 2 with pyinput2, runs, grades and exports', async () => {
    fake.script({ text: fence(fall()) }, { text: fence(fall(4.9)) });
    const { started, last } = await evaluate({ models: ['qwen2.5-coder:7b'], tasks: ['drop'] });
    expect(started).toMatchObject({ total: 2, skipped: 0, missingModels: [] });
    expect(last.state).toBe('done');

    // The protocol: turn 1 is the prompt alone; turn 2 is the "modify" prompt with pyinput2.
    expect(fake.state.requests).toHaveLength(2);
    expect(userText(0)).toContain('Drop a box from 5 m');
    expect(userText(0)).not.toContain('```python');
    expect(userText(1)).toContain('# the starting script of turn 2');
    expect(userText(1)).toContain('Keep dropping the box');

    const view = await client.invoke('eval.results', { outDir: join(dir, 'out') });
    const [t1, t2] = view.cells;
    expect([t1.turn, t1.pass1, t1.passK, t1.compile]).toEqual([1, true, true, true]);
    // The same script as the reference: CodeBLEU and ROUGE are 1.
    expect(t1.similarity?.rougeLsum).toBe(1);
    expect(t1.similarity?.codebleu).toBeCloseTo(1, 12);
    // Right physics scores 100; half the gravity runs fine but is capped at 40.
    expect(t1.contract).toMatchObject({ triage: 'pass', score: 100 });
    expect(t2.contract).toMatchObject({ triage: 'invariant-fail', score: 40 });
    // The drop misses ½·9.81·t²; the trajectory still falls as its own (wrong) gravity says.
    expect(t2.contract?.L3.map((c) => c.ok)).toEqual([false, true]);
    expect(view.leaderboard[0]).toMatchObject({
      model: 'qwen2.5-coder:7b',
      pass1: 1,
      contract: 70,
    });

    // The run's out.csv was kept beside the record.
    const cell = await client.invoke('eval.cell', {
      outDir: join(dir, 'out'),
      model: 'qwen2.5-coder:7b',
      task: 'drop',
      turn: 2,
    });
    expect(cell.record.runs[0].outputs).toEqual(['turn-2/attempt-0/out.csv']);
    expect(cell.reference).toBe(fall());
    expect(cell.startScript).toContain('# the starting script of turn 2');

    const csv = (await readFile(join(dir, 'out', 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv[0].split(',').slice(0, 12).join(',')).toBe(
      'model,system,round,codebleu,ngram_match_score,weighted_ngram_match_score,syntax_match_score,dataflow_match_score,rouge1,rouge2,rougeL,rougeLsum',
    );
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'qwen2.5-coder:7b,drop,round_1',
      'qwen2.5-coder:7b,drop,round_2',
    ]);
    // Progress went to the caller, with counts and an ETA once a cell was timed.
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: 2, total: 2 });
    expect(progress.some((p) => p.cell !== null && p.etaSeconds !== null)).toBe(true);
  });

  it('resumes: a stopped evaluation keeps its finished cells and the next start skips them', async () => {
    fake.script({ text: fence(fall()) }, { text: fence(fall()) }, { text: fence(fall()) });
    const first = await evaluate({ models: ['qwen2.5-coder:7b'] }, (p) => {
      if (p.cell) void client.invoke('eval.cancel', { evalId: p.evalId });
    });
    expect(first.last.state).toBe('stopped');
    expect(first.last.message).toMatch(/1 of 3 cells done and saved/);
    const second = await evaluate({ models: ['qwen2.5-coder:7b'] });
    expect(second.started).toMatchObject({ total: 2, skipped: 1 });
    expect(second.last.state).toBe('done');
    const view = await client.invoke('eval.results', { outDir: join(dir, 'out') });
    expect(view.cells.map((c) => `${c.task}/${c.turn}`)).toEqual(['drop/1', 'drop/2', 'spin/1']);
    // The finished cell was not asked again (the one stopped halfway was).
    const asked = fake.state.requests.map((r) => r.messages.at(-1)!.content);
    expect(asked.filter((text) => text.includes('Drop a box from 5 m'))).toHaveLength(1);
    expect(asked.filter((text) => text.includes('Spin a wheel'))).toHaveLength(1);
  });

  it('records an answer without code as a failure, a server error as a cell to retry, and retries it on request', async () => {
    fake.script({ text: 'I cannot write that simulation.' }, { mode: 'error' });
    const { last } = await evaluate({ models: ['qwen2.5-coder:7b'], tasks: ['drop'] });
    expect(last).toMatchObject({ state: 'done', failed: 1 });
    const cells = (await client.invoke('eval.results', { outDir: join(dir, 'out') })).cells;
    expect(cells[0]).toMatchObject({
      status: 'evaluated',
      hasCode: false,
      compile: false,
      pass1: false,
    });
    expect(cells[0].contract?.triage).toBe('no-code');
    expect(cells[1]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/llama runner/),
    });

    expect((await evaluate({ models: ['qwen2.5-coder:7b'], tasks: ['drop'] })).started.total).toBe(
      0,
    );
    fake.script({ text: fence(fall()) });
    const retry = await evaluate({
      models: ['qwen2.5-coder:7b'],
      tasks: ['drop'],
      retryFailed: true,
    });
    expect(retry.started).toMatchObject({ total: 1, skipped: 1 });
    const again = (await client.invoke('eval.results', { outDir: join(dir, 'out') })).cells;
    expect(again[1]).toMatchObject({ status: 'evaluated', pass1: true });
  });

  it('repairs within the attempts: pass@1 false, pass@k true, and grades the repaired script too', async () => {
    fake.script({ text: fence(fall(9.81, 'raise RuntimeError("boom")')) }, { text: fence(fall()) });
    await evaluate({ models: ['qwen2.5-coder:7b'], tasks: ['drop'], turns: [1], attempts: 2 });
    const [c] = (await client.invoke('eval.results', { outDir: join(dir, 'out') })).cells;
    expect([c.pass1, c.passK, c.runs.length]).toEqual([false, true, 2]);
    expect(c.contract?.triage).toBe('run:exception');
    expect(c.contractRepaired?.triage).toBe('pass');
  });

  it('chains the previous answer on request', async () => {
    const mine = fall().replace('import json', 'import json  # my own turn 1');
    fake.script({ text: fence(mine) }, { text: fence(fall()) });
    await evaluate({ models: ['qwen2.5-coder:7b'], tasks: ['drop'], chain: true });
    expect(userText(1)).toContain('# my own turn 1');
    const cell = await client.invoke('eval.cell', {
      outDir: join(dir, 'out'),
      model: 'qwen2.5-coder:7b',
      task: 'drop',
      turn: 2,
    });
    expect(cell.record).toMatchObject({ protocol: 'chain', start: 'previous-answer' });
  });

  it('stops when the server goes away, keeping what it finished, and resumes once it is back', async () => {
    fake.script({ text: fence(fall()) }, { text: fence(fall()) }, { text: fence(fall()) });
    let downed = false;
    const first = await evaluate({ models: ['qwen2.5-coder:7b'] }, (p) => {
      if (p.cell && !downed) {
        downed = true;
        void fake.close();
      }
    });
    expect(first.last.state).toBe('interrupted');
    const saved = first.last.done;
    expect(saved).toBeGreaterThanOrEqual(1);
    expect(saved).toBeLessThan(3);
    expect(first.last.message).toMatch(new RegExp(`stopped answering.*${saved} cells are saved`));
    await fake.listen(port);
    const second = await evaluate({ models: ['qwen2.5-coder:7b'] });
    expect(second.started).toMatchObject({ total: 3 - saved, skipped: saved });
    expect(second.last.state).toBe('done');
  });

  it('says which models the server lacks, runs the others, and refuses to mix settings', async () => {
    fake.script({ text: fence(fall()) });
    const { started } = await evaluate({
      models: ['qwen2.5-coder:7b', 'codestral:22b'],
      tasks: ['spin'],
    });
    expect(started).toMatchObject({ total: 1, missingModels: ['codestral:22b'] });
    await expect(evaluate({ models: ['qwen2.5-coder:7b'], attempts: 3 })).rejects.toThrow(
      /1 attempts, not 3/,
    );
    expect(existsSync(join(dir, 'out', 'eval.json'))).toBe(true);
  });

  it.skipIf(!simbenchAvailable())(
    "scores SimBench's recorded answers exactly as the benchmark published them, and judges them",
    async () => {
      const { last } = await evaluate({
        models: ['qwen2.5-coder:7b'],
        tasksDir: join(SIMBENCH_DIR, 'tasks'),
        tasks: ['pendulum'],
        turns: [1, 2],
        judge: { model: 'llama3.1:8b', mode: 'reference' },
      });
      expect(last.state).toBe('done');
      const view = await client.invoke('eval.results', { outDir: join(dir, 'out') });
      const published = readPublishedRows().filter(
        (r) => r.model === 'gpt-4o-mini' && r.system === 'pendulum',
      );
      for (const c of view.cells) {
        const row = published.find((r) => r.round === c.turn)!;
        expect([c.turn, c.similarity?.codebleu, c.similarity?.rougeLsum]).toEqual([
          c.turn,
          row.codebleu,
          row.rougeLsum,
        ]);
        // The fake judge replays gpt-4o-mini's recorded judgement of the same round.
        expect(c.judge).toMatchObject({ ok: true, parser: 'strict' });
      }
      expect(view.cells.map((c) => c.judge?.score)).toEqual([15, 37]);
    },
  );
});
