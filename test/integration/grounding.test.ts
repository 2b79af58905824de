// The scene as context: after a run with the real bridge and the pychrono double, the next
// request to the (fake) model carries what that run did and the installed API of the
// classes it names; another owner cannot have its runs told; a request that does not ask
// for grounding goes as SimBench sends it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/contract';
import { createHost, type Host } from '../../electron/host/index';
import { createFakeOllama, type FakeOllama } from '../fixtures/fake-ollama/fake-ollama.mjs';
import { SCRIPTS, doubleEnv } from './runtime-helpers';

let dir: string;
let host: Host;
let fake: FakeOllama;
let client: HostClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-grounding-'));
  fake = createFakeOllama({ tokenDelayMs: 0 });
  const url = await fake.listen(0);
  host = createHost({ userDataDir: dir, env: { ...doubleEnv(dir), OLLAMA_HOST: url } });
  client = host.connect('window:1');
  await client.invoke('settings.update', { model: 'qwen2.5-coder:7b' });
});
afterAll(async () => {
  await host.dispose();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

async function run(client: HostClient, name: string, script?: string) {
  const source = script ?? (await readFile(join(SCRIPTS, name), 'utf8'));
  const { runId } = await client.invoke('runtime.start', {
    script: source,
    lane: 'twin',
    limits: { simTime: 1, wallTime: 60 },
  });
  const summary = await host.runtime.waitForRun(runId, { owner: client.owner });
  return { runId, summary, script: source };
}

const sent = () => fake.state.requests.at(-1)?.messages ?? [];

describe.skipIf(process.platform === 'win32')('the scene as context', () => {
  it('tells the model what the last run built and moved, with the API of its classes', async () => {
    const pendulum = await run(client, 'pendulum.py');
    expect(pendulum.summary.status).toBe('limit');
    fake.script({ text: 'Sure.' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'c1',
      kind: 'write',
      prompt: 'make the bob twice as heavy',
      script: pendulum.script,
      grounding: { runId: pendulum.runId, api: true },
    });
    expect(outcome.state).toBe('complete');
    expect(outcome.grounding).toMatchObject({ runId: pendulum.runId, problem: null });
    expect(outcome.grounding?.classes).toContain('pychrono.core.ChLinkLockRevolute');

    const [system, user] = [sent()[0].content, sent().at(-1)!.content];
    expect(system).toContain('# The PyChrono API of this request (pychrono 9.0.1)');
    expect(system).toMatch(/## pychrono\.ChBodyEasySphere \(bases: ChBody/);
    expect(user).toContain('# What the last run did');
    expect(user).toContain('It ran 1 s of simulated time, until a limit stopped it');
    expect(user).toContain('Bodies: 2 (1 fixed, 1 moved)');
    // The lines are the script's own: where `ground` and `bob` were made.
    expect(user).toMatch(/- ground \(line 9\): fixed; box 0\.4 × 0\.1 × 0\.4 m/);
    expect(user).toMatch(/- bob \(line 15\): [\d.]+ kg; sphere r 0\.1 m; moved from \(1, 0, 0\)/);
    expect(user).toMatch(/- ChLinkLockRevolute \(line 20\)/);
  });

  it('gives the failed line of a run that raised, and says when the script changed since', async () => {
    const raised = await run(client, 'raises.py');
    expect(raised.summary.status).toBe('error');
    fake.script({ text: 'Sure.' });
    await client.invoke('llm.chat', {
      requestId: 'c2',
      kind: 'write',
      prompt: 'fix it',
      script: raised.script + '\nprint("changed")\n',
      grounding: { runId: raised.runId, api: false },
    });
    const user = sent().at(-1)!.content;
    expect(user).toContain('(That run was of an earlier version of the script');
    expect(user).toMatch(
      /It failed after 0 s of simulated time at line 9 \(`mass = box\.GetMass\(\) \/ 0`\): ZeroDivisionError/,
    );
    expect(sent()[0].content).not.toContain('# The PyChrono API of this request');
  });

  it("tells nobody about another owner's run, and adds nothing unasked", async () => {
    const mine = await run(client, 'pendulum.py');
    const other = host.connect('ws:2');
    try {
      fake.script({ text: 'Sure.' });
      const outcome = await other.invoke('llm.chat', {
        requestId: 'c3',
        kind: 'write',
        prompt: 'what happened?',
        grounding: { runId: mine.runId, api: false },
      });
      expect(outcome.grounding).toEqual({ runId: null, classes: [], problem: null });
      expect(sent().at(-1)!.content).not.toContain('What the last run did');
    } finally {
      await other.close();
    }

    fake.script({ text: 'Sure.' });
    const plain = await client.invoke('llm.chat', {
      requestId: 'c4',
      kind: 'write',
      prompt: 'a ChBody on a ChLinkLockRevolute',
    });
    expect(plain.grounding).toBeNull();
    expect(sent()[0].content).not.toContain('# The PyChrono API of this request');
    expect(sent().at(-1)!.content).not.toContain('What the last run did');
  });
});
