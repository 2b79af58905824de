// The review service with two real bridge processes (the pychrono double on PYTHONPATH) and
// the fake Ollama server as the judge: both runs at once in the caller's two lanes, the
// similarity as SimBench published it, the scene diff, the trajectory gap (exactly 0 for a
// script against itself), the judge with its failures, stopping, and `twinforge review`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient, HostEvents } from '../../electron/common/contract';
import type { ReviewEvent } from '../../electron/common/contract/review';
import { createHost, type Host } from '../../electron/host';
import { createFakeOllama, type FakeOllama } from '../fixtures/fake-ollama/fake-ollama.mjs';
import { ROOT, SCRIPTS, bridgeChildren, doubleEnv, until } from './runtime-helpers';

const SHARE = resolve(ROOT, '..', 'shared', 'simbench');
const PENDULUM_TASK = join(SHARE, 'tasks', 'pendulum');
const haveShare = existsSync(join(PENDULUM_TASK, 'truth1.py'));

let fake: FakeOllama;
let ollamaUrl: string;
let dir: string;
let host: Host;
let client: HostClient;
const events: { name: string; payload: unknown }[] = [];

beforeAll(async () => {
  fake = createFakeOllama({ tokenDelayMs: 0 });
  ollamaUrl = await fake.listen(0);
});
afterAll(async () => {
  await fake.close();
});

async function makeHost(env: NodeJS.ProcessEnv = {}): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'tf-review-'));
  host = createHost({
    userDataDir: dir,
    env: { ...doubleEnv(join(dir, 'user-data')), OLLAMA_HOST: ollamaUrl, ...env },
  });
  client = host.connect('window:1');
  events.length = 0;
  client.subscribe((name, payload) => events.push({ name, payload }));
  await client.invoke('settings.update', { model: 'qwen2.5-coder:7b' });
}

beforeEach(async () => {
  fake.reset();
  await makeHost();
});
afterEach(async () => {
  await host.dispose();
  await rm(dir, { recursive: true, force: true });
});

const reviewEvents = (requestId: string): ReviewEvent[] =>
  events
    .filter((e) => e.name === 'review.event')
    .map((e) => e.payload as HostEvents['review.event'])
    .filter((e) => e.requestId === requestId)
    .map((e) => e.event);

const script = (name: string) => readFile(join(SCRIPTS, name), 'utf8');

describe.skipIf(!haveShare)('review of a twin against the SimBench pendulum', () => {
  it('runs both at once in the caller’s lanes and compares code, scene, motion and rubric', async () => {
    const list = await client.invoke('review.tasks', { dir: PENDULUM_TASK });
    expect(list.tasks.map((t) => t.name)).toEqual(['pendulum']);
    const turn = await client.invoke('review.task', {
      dir: PENDULUM_TASK,
      task: 'pendulum',
      turn: 1,
    });
    expect(turn.prompt).toMatch(/simple pendulum/);
    const twin = await script('pendulum.py');
    fake.script(
      { text: '**1. Completeness (40 points)**\n- Missing logging: -15 points.\n\n[[72]]' },
      { text: 'Looks fine overall.' },
    );

    // Two bridge processes at the same time: one per lane.
    let concurrent = 0;
    const watch = setInterval(
      () => (concurrent = Math.max(concurrent, bridgeChildren().length)),
      20,
    );
    const report = await client
      .invoke('review.compare', {
        requestId: 'rv1',
        twin: { script: twin, scriptPath: join(SCRIPTS, 'pendulum.py') },
        reference: {
          script: turn.reference,
          scriptPath: turn.referencePath,
          cleaned: turn.cleaned ?? undefined,
        },
        limits: { simTime: 1 },
        judge: { model: 'qwen2.5-coder:7b', mode: 'reference', repeats: 2 },
      })
      .finally(() => clearInterval(watch));
    expect(concurrent).toBe(2);

    // The caller's lanes were told of both runs (so its views show them live).
    const started = events
      .filter((e) => e.name === 'runtime.started')
      .map((e) => e.payload as HostEvents['runtime.started']);
    expect(started.map((s) => s.lane).sort()).toEqual(['reference', 'twin']);
    expect(started.every((s) => s.limits.simTime === 1)).toBe(true);
    expect(report.twin.run?.summary?.status).toBe('limit');
    expect(report.reference.run?.summary?.status).toBe('limit');
    expect(report.limits?.simTime).toBe(1);

    // Similarity against SimBench's stored cleaned reference.
    expect(report.similarity?.referenceText).toBe('given');
    expect(report.similarity?.scores.codebleu).toBeGreaterThan(0.3);
    expect(report.similarity?.scores.codebleu).toBeLessThan(0.4);

    // Scene: both have a ground and a pendulum on a revolute joint; the bob differs.
    expect(report.scene?.pairs).toHaveLength(2);
    expect(report.scene?.links.counts).toEqual([
      { linkType: 'ChLinkLockRevolute', twin: 1, reference: 1 },
    ]);
    const bob = report.scene?.pairs.find((p) => p.twin.name === 'bob');
    expect(bob?.differences.map((d) => d.field)).toEqual(
      expect.arrayContaining(['shape-type', 'mass', 'position']),
    );
    expect(report.items?.reference[bob?.reference.key ?? -1]).toMatchObject({
      label: 'pend_1',
      mass: 1,
    });
    expect(report.scene?.system.map((d) => d.field)).toContain('timestep');

    // Gap: the fixed ground does not move in either; the two pendulums part.
    const gaps = new Map(report.gap?.bodies.map((b) => [b.name, b]));
    expect(gaps.get('ground')?.positionStats.max).toBe(0);
    expect(gaps.get('bob / pend_1')?.positionStats.max).toBeGreaterThan(0.5);
    expect(gaps.get('bob / pend_1')?.times.length).toBeGreaterThan(90);

    // Judge: SimBench's sampling, one user message; the answer without a score is kept.
    const judged = fake.state.requests.filter((r) => r.path === 'chat');
    expect(judged).toHaveLength(2);
    expect(judged[0].options).toMatchObject({ temperature: 0.2, top_p: 0.7 });
    expect(judged[0].messages.map((m) => m.role)).toEqual(['user']);
    expect(judged[0].messages[0].content).toContain('[The Start of Assistant’s Answer]');
    expect(report.judge?.summary).toMatchObject({ scores: [72], parseFailures: 1, mean: 72 });
    expect(report.judge?.runs[1].parse).toMatchObject({ ok: false, text: 'Looks fine overall.' });
    const tokens = events.filter(
      (e) =>
        e.name === 'llm.token' && (e.payload as { requestId: string }).requestId === 'rv1:judge:1',
    );
    expect(tokens.length).toBeGreaterThan(0);

    const types = reviewEvents('rv1').map((e) => e.type);
    for (const t of [
      'run-start',
      'run-end',
      'similarity',
      'scene',
      'gap',
      'judge-start',
      'judge-end',
      'judge-done',
    ]) {
      expect(types).toContain(t);
    }
    expect(types.at(-1)).toBe('done');
    expect(bridgeChildren()).toEqual([]);
  });

  it('gives a script reviewed against itself a similarity of 1 and a gap of exactly 0', async () => {
    const truth = await readFile(join(PENDULUM_TASK, 'truth1.py'), 'utf8');
    const report = await host.review.compare(
      {
        requestId: 'self',
        twin: { script: truth },
        reference: { script: truth },
        run: true,
        limits: { simTime: 0.5 },
      },
      client,
      () => undefined,
    );
    expect(report.similarity?.scores.codebleu).toBe(1);
    expect(report.similarity?.scores.rougeLsum).toBe(1);
    expect(report.scene?.pairs.every((p) => p.differences.length === 0)).toBe(true);
    expect(report.scene?.system).toEqual([]);
    expect(report.gap?.bodies.length).toBe(2);
    expect(report.gap?.overall).toEqual({
      position: { max: 0, rms: 0, final: 0 },
      angle: { max: 0, rms: 0, final: 0 },
    });
    expect(report.gap?.bodies.every((b) => b.grid === 'common')).toBe(true);
  });
});

describe('review with bad input', () => {
  it('still scores and judges a reference that fails to run, and says why', async () => {
    fake.script({ text: '[[40]]' });
    const report = await host.review.compare(
      {
        requestId: 'bad',
        twin: { script: await script('pendulum.py') },
        reference: { script: await script('raises.py'), scriptPath: '/refs/raises.py' },
        run: true,
        limits: { simTime: 0.3 },
        judge: { mode: 'reference', repeats: 1 },
      },
      client,
      () => undefined,
    );
    expect(report.reference.run?.error).toMatch(/ZeroDivisionError.*\(line 9\)/);
    expect(report.twin.run?.error).toBeNull();
    expect(report.similarity?.scores.codebleu).toBeGreaterThan(0);
    expect(report.judge?.summary.mean).toBe(40);
    expect(report.notes.join(' ')).toMatch(
      /reference's run did not get through: ZeroDivisionError/,
    );
    // The error reached the reference lane of the caller, for its console and view.
    const errors = events
      .filter((e) => e.name === 'runtime.message')
      .map((e) => e.payload as HostEvents['runtime.message'])
      .filter((m) => m.message.type === 'error');
    expect(errors).toHaveLength(1);
  });

  it('gives an empty answer the benchmark’s values and the judge a clear refusal', async () => {
    const report = await host.review.compare(
      {
        requestId: 'empty',
        twin: { script: '' },
        reference: { script: await script('pendulum.py') },
        run: false,
        judge: { mode: 'reference', repeats: 1 },
      },
      client,
      () => undefined,
    );
    expect(report.similarity?.scores).toMatchObject({ codebleu: 0.25, rouge1: 0, rougeLsum: 0 });
    expect(report.similarity?.note).toMatch(/CodeBLEU 0.25/);
    expect(report.judge?.runs).toEqual([]);
    expect(report.judge?.error).toBe('There is no script to judge.');
    expect(report.scene).toBeNull();
  });

  it('loses nothing when the judge’s server is down or answers garbage', async () => {
    await host.dispose();
    await rm(dir, { recursive: true, force: true });
    await makeHost({ OLLAMA_HOST: 'http://127.0.0.1:9' });
    const pendulum = await script('pendulum.py');
    const report = await host.review.compare(
      {
        requestId: 'down',
        twin: { script: pendulum },
        reference: { script: pendulum },
        run: false,
        judge: { mode: 'reference-document', repeats: 3 },
      },
      client,
      () => undefined,
    );
    expect(report.similarity?.scores.codebleu).toBe(1);
    expect(report.judge?.error).toMatch(
      /Cannot reach the Ollama server at http:\/\/127\.0\.0\.1:9/,
    );
    expect(report.judge?.runs).toHaveLength(1);
    expect(report.judge?.apiDocument?.source).toBe('TwinForge PyChrono notes');

    await host.dispose();
    await rm(dir, { recursive: true, force: true });
    await makeHost();
    fake.script({ text: '\u0000\u0001 garbage {{{' }, { mode: 'error', error: 'model crashed' });
    const garbage = await host.review.judge(
      {
        requestId: 'g',
        twin: { script: pendulum },
        reference: { script: pendulum },
        judge: { mode: 'reference', repeats: 2 },
      },
      client,
      () => undefined,
    );
    expect(garbage.runs[0].parse).toMatchObject({ ok: false });
    expect(garbage.runs[1].error).toMatch(/model crashed/);
    expect(garbage.summary.mean).toBeNull();

    const missing = await host.review.judge(
      {
        requestId: 'doc',
        twin: { script: pendulum },
        reference: { script: pendulum },
        judge: { mode: 'document', repeats: 1, apiDocumentPath: join(dir, 'no-such-api.txt') },
      },
      client,
      () => undefined,
    );
    expect(missing.error).toMatch(/no-such-api\.txt could not be read: there is no such file/);
  });

  it('stops both runs and the judge when cancelled', async () => {
    fake.script({ text: '[[50]]', mode: 'slow' });
    const idle = await script('idle_loop.py');
    const done = client.invoke('review.compare', {
      requestId: 'stop-me',
      twin: { script: idle },
      reference: { script: idle },
      limits: { simTime: 600 },
      judge: { mode: 'reference', repeats: 3 },
    });
    await until(() => bridgeChildren().length === 2, 'both runs');
    expect(await client.invoke('review.cancel', { requestId: 'stop-me' })).toEqual({ ok: true });
    const report = await done;
    expect(report.status).toBe('stopped');
    expect(report.twin.run?.summary?.status).toBe('stopped');
    expect(report.reference.run?.summary?.status).toBe('stopped');
    expect(report.judge?.stopped).toBe(true);
    expect(report.judge?.runs.length).toBeLessThan(3);
    expect(report.judge?.runs.at(-1)?.state).toBe('stopped');
    expect(bridgeChildren()).toEqual([]);
  });
});

describe.skipIf(!haveShare || process.platform === 'win32')('twinforge review', () => {
  beforeAll(async () => {
    await new Promise<void>((ok, fail) =>
      execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
        err ? fail(err) : ok(),
      ),
    );
  });

  function twinforge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((ok) =>
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'twinforge.js'), ...args],
        {
          cwd: dir,
          env: { ...doubleEnv(join(dir, 'user-data')), OLLAMA_HOST: ollamaUrl },
          timeout: 120_000,
        },
        (err, stdout, stderr) =>
          ok({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
  }

  it('prints the published SimBench similarity of a recorded answer', async () => {
    const answer = join(
      SHARE,
      'model-outputs',
      'gpt-4o-mini',
      'pendulum',
      'first_cleaned_response.py',
    );
    const r = await twinforge([
      'review',
      answer,
      join(PENDULUM_TASK, 'truth1.py'),
      '--no-run',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      similarity: Record<string, number>;
      gap: null;
      scene: null;
    };
    expect(Object.keys(out.similarity)).toEqual([
      'codebleu',
      'ngram',
      'weighted',
      'syntax',
      'dataflow',
      'rouge1',
      'rouge2',
      'rougeL',
      'rougeLsum',
    ]);
    // gpt-4o-mini, pendulum, round_1 in similarity-scores.csv.
    expect(out.similarity.codebleu).toBeCloseTo(0.3229208041334658, 12);
    expect(out.similarity.rougeLsum).toBeCloseTo(0.3852813852813853, 12);
    expect(out.gap).toBeNull();
    expect(out.scene).toBeNull();
  });

  it('runs both, judges, and writes a report that says it has no 3D images', async () => {
    fake.script({ text: '[[66]]' });
    const report = join(dir, 'review.html');
    const r = await twinforge([
      'review',
      join(SCRIPTS, 'pendulum.py'),
      join(PENDULUM_TASK, 'truth1.py'),
      '--sim-time',
      '0.5',
      '--judge',
      'qwen2.5-coder:7b',
      '--judge-mode',
      'reference',
      '--report',
      report,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      scene: {
        matched: unknown[];
        onlyInTwin: unknown[];
        onlyInReference: unknown[];
        differences: unknown[];
      };
      gap: { overall: { position: { max: number } }; bodies: { name: string; samples: number }[] };
      judge: { mean: number; runs: { score: number }[] };
      runs: { twin: { status: string }; reference: { status: string } };
    };
    expect(out.scene.matched).toHaveLength(2);
    expect(out.scene.onlyInTwin).toEqual([]);
    expect(out.gap.bodies.map((b) => b.name).sort()).toEqual(['bob / pend_1', 'ground']);
    expect(out.gap.overall.position.max).toBeGreaterThan(0);
    expect(out.judge.mean).toBe(66);
    expect(out.runs.twin.status).toBe('limit');
    const html = await readFile(report, 'utf8');
    expect(html).toContain('draws no 3D views');
    expect(html).toContain('<svg');
    expect(html).toContain('Score <b>66</b>');
  });

  it('refuses bad usage and unreadable scripts clearly', async () => {
    const usage = await twinforge(['review', 'only-one.py']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/review needs TWIN\.py and REFERENCE\.py/);
    const mode = await twinforge([
      'review',
      'a.py',
      'b.py',
      '--judge',
      'm',
      '--judge-mode',
      'vibes',
    ]);
    expect(mode.code).toBe(2);
    const missing = await twinforge(['review', 'nope.py', 'b.py', '--no-run']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.py/);
  });
});
